namespace HermesX.IntegrationTests.Observability;

/// <summary>The twelve metrics of the product contract: name, Prometheus type, label names.</summary>
public static class MetricsContract
{
    public static readonly IReadOnlyDictionary<string, (string Type, string[] Labels)> Metrics =
        new Dictionary<string, (string, string[])>
        {
            ["hermes_http_requests_total"] = ("counter", ["method", "path", "status", "tenant_id"]),
            ["hermes_http_request_duration_seconds"] = ("histogram", ["method", "path", "tenant_id"]),
            ["hermes_http_requests_in_flight"] = ("gauge", []),
            ["hermes_llm_request_duration_seconds"] = ("histogram", ["provider", "model", "status", "tenant_id"]),
            ["hermes_llm_tokens_total"] = ("counter", ["provider", "model", "direction", "tenant_id"]),
            ["hermes_rate_limit_rejected_total"] = ("counter", ["tenant_id"]),
            ["hermes_tool_executions_total"] = ("counter", ["tool_name", "status", "tenant_id"]),
            ["hermes_tool_execution_duration_seconds"] = ("histogram", ["tool_name", "status", "tenant_id"]),
            ["hermes_active_sessions"] = ("gauge", ["tenant_id"]),
            ["hermes_chat_completions_total"] = ("counter", ["tenant_id", "status"]),
            ["hermes_store_operation_duration_seconds"] = ("histogram", ["operation", "entity"]),
            ["hermes_llm_deployment_calls_total"] = ("counter", ["model", "deployment", "outcome"]),
            ["hermes_budget_threshold_crossed_total"] = ("counter", ["scope", "threshold"]),
            ["hermes_webhook_deliveries_total"] = ("counter", ["outcome"]),
        };
}
