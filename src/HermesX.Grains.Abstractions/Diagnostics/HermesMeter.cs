using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace HermesX.Grains.Abstractions.Diagnostics;

/// <summary>The kind of a <c>hermes_*</c> metric, as Prometheus names it.</summary>
public enum MetricKind
{
    Counter,
    Histogram,
    Gauge,
}

/// <summary>One of the deployment guide's <c>hermes_*</c> metrics: its name, kind, help and label names, in order.</summary>
public sealed record MetricDefinition(string Name, MetricKind Kind, string Help, params string[] Labels);

/// <summary>
/// The twelve <c>hermes_*</c> metrics of the deployment guide, recorded where they happen (the
/// frontend, the grains, the store) on one <see cref="Meter"/>; the silo exports them to Prometheus
/// under these exact names and labels. Label values are bounded: tenant ids and route templates,
/// never session ids, keys or raw paths.
/// </summary>
public static class HermesMeter
{
    public const string Name = "HermesX";

    public static readonly MetricDefinition HttpRequestsTotal = new("hermes_http_requests_total", MetricKind.Counter, "HTTP requests handled", "method", "path", "status", "tenant_id");
    public static readonly MetricDefinition HttpRequestDuration = new("hermes_http_request_duration_seconds", MetricKind.Histogram, "HTTP request duration", "method", "path", "tenant_id");
    public static readonly MetricDefinition HttpRequestsInFlight = new("hermes_http_requests_in_flight", MetricKind.Gauge, "HTTP requests being handled");
    public static readonly MetricDefinition LlmRequestDuration = new("hermes_llm_request_duration_seconds", MetricKind.Histogram, "Model call duration", "provider", "model", "status", "tenant_id");
    public static readonly MetricDefinition LlmTokensTotal = new("hermes_llm_tokens_total", MetricKind.Counter, "Model tokens by direction (input, output)", "provider", "model", "direction", "tenant_id");
    public static readonly MetricDefinition RateLimitRejectedTotal = new("hermes_rate_limit_rejected_total", MetricKind.Counter, "Requests refused by rate limiting", "tenant_id");
    public static readonly MetricDefinition ToolExecutionsTotal = new("hermes_tool_executions_total", MetricKind.Counter, "Server-side tool runs", "tool_name", "status", "tenant_id");
    public static readonly MetricDefinition ToolExecutionDuration = new("hermes_tool_execution_duration_seconds", MetricKind.Histogram, "Server-side tool run duration", "tool_name", "status", "tenant_id");
    public static readonly MetricDefinition ActiveSessions = new("hermes_active_sessions", MetricKind.Gauge, "Session grains active on this silo", "tenant_id");
    public static readonly MetricDefinition ChatCompletionsTotal = new("hermes_chat_completions_total", MetricKind.Counter, "Chat completion requests by outcome", "tenant_id", "status");
    public static readonly MetricDefinition StoreOperationDuration = new("hermes_store_operation_duration_seconds", MetricKind.Histogram, "Postgres operation duration", "operation", "entity");
    public static readonly MetricDefinition LlmDeploymentCallsTotal = new("hermes_llm_deployment_calls_total", MetricKind.Counter, "Model calls by the deployment that took them and outcome (success, unavailable, rejected, error, cancelled)", "model", "deployment", "outcome");
    public static readonly MetricDefinition BudgetThresholdCrossedTotal = new("hermes_budget_threshold_crossed_total", MetricKind.Counter, "USD budgets crossing 50, 80 or 100 percent, once per budget and period", "scope", "threshold");

    public static readonly MetricDefinition WebhookDeliveriesTotal = new("hermes_webhook_deliveries_total", MetricKind.Counter, "Webhook delivery attempts by outcome (delivered, retry, dead)", "outcome");

    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        HttpRequestsTotal, HttpRequestDuration, HttpRequestsInFlight, LlmRequestDuration, LlmTokensTotal, RateLimitRejectedTotal,
        ToolExecutionsTotal, ToolExecutionDuration, ActiveSessions, ChatCompletionsTotal, StoreOperationDuration,
        LlmDeploymentCallsTotal, BudgetThresholdCrossedTotal, WebhookDeliveriesTotal,
    ];

    /// <summary>Bucket bounds (seconds) of every duration histogram.</summary>
    public static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> HttpRequests = Meter.CreateCounter<long>(HttpRequestsTotal.Name);
    private static readonly Histogram<double> HttpDuration = Meter.CreateHistogram<double>(HttpRequestDuration.Name, "s");
    private static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>(HttpRequestsInFlight.Name);
    private static readonly Histogram<double> LlmDuration = Meter.CreateHistogram<double>(LlmRequestDuration.Name, "s");
    private static readonly Counter<long> LlmTokens = Meter.CreateCounter<long>(LlmTokensTotal.Name);
    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(RateLimitRejectedTotal.Name);
    private static readonly Counter<long> ToolRuns = Meter.CreateCounter<long>(ToolExecutionsTotal.Name);
    private static readonly Histogram<double> ToolDuration = Meter.CreateHistogram<double>(ToolExecutionDuration.Name, "s");
    private static readonly UpDownCounter<long> Sessions = Meter.CreateUpDownCounter<long>(ActiveSessions.Name);
    private static readonly Counter<long> ChatCompletions = Meter.CreateCounter<long>(ChatCompletionsTotal.Name);
    private static readonly Counter<long> DeploymentCalls = Meter.CreateCounter<long>(LlmDeploymentCallsTotal.Name);
    private static readonly Histogram<double> StoreDuration = Meter.CreateHistogram<double>(StoreOperationDuration.Name, "s");
    private static readonly Counter<long> BudgetThresholds = Meter.CreateCounter<long>(BudgetThresholdCrossedTotal.Name);
    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(WebhookDeliveriesTotal.Name);

    // Status labels repeat a handful of values: one string each instead of a new one per request.
    private static readonly string[] StatusTexts = [.. Enumerable.Range(0, 600).Select(s => s.ToString(CultureInfo.InvariantCulture))];

    public static void HttpStarted() => InFlight.Add(1);

    public static void HttpAnswered(string method, string path, int status, string tenantId, TimeSpan duration)
    {
        InFlight.Add(-1);
        HttpRequests.Add(1, new TagList { { "method", method }, { "path", path }, { "status", StatusText(status) }, { "tenant_id", tenantId } });
        HttpDuration.Record(duration.TotalSeconds, new TagList { { "method", method }, { "path", path }, { "tenant_id", tenantId } });
    }

    public static void ModelCalled(string provider, string model, string status, string tenantId, TimeSpan duration, long inputTokens, long outputTokens)
    {
        LlmDuration.Record(duration.TotalSeconds, new TagList { { "provider", provider }, { "model", model }, { "status", status }, { "tenant_id", tenantId } });
        if (inputTokens > 0)
        {
            LlmTokens.Add(inputTokens, new TagList { { "provider", provider }, { "model", model }, { "direction", "input" }, { "tenant_id", tenantId } });
        }
        if (outputTokens > 0)
        {
            LlmTokens.Add(outputTokens, new TagList { { "provider", provider }, { "model", model }, { "direction", "output" }, { "tenant_id", tenantId } });
        }
    }

    public static void RateLimitRejected(string tenantId) => RateLimited.Add(1, new KeyValuePair<string, object?>("tenant_id", tenantId));

    public static void ToolRan(string toolName, string status, string tenantId, TimeSpan duration)
    {
        var tags = new TagList { { "tool_name", toolName }, { "status", status }, { "tenant_id", tenantId } };
        ToolRuns.Add(1, tags);
        ToolDuration.Record(duration.TotalSeconds, tags);
    }

    public static void SessionActivated(string tenantId) => Sessions.Add(1, new KeyValuePair<string, object?>("tenant_id", tenantId));

    public static void SessionDeactivated(string tenantId) => Sessions.Add(-1, new KeyValuePair<string, object?>("tenant_id", tenantId));

    /// <summary>A chat completion's outcome: success, error or cancelled.</summary>
    public static void ChatCompleted(string tenantId, string outcome) =>
        ChatCompletions.Add(1, new KeyValuePair<string, object?>("tenant_id", tenantId), new KeyValuePair<string, object?>("status", outcome));

    /// <summary>One attempt of a model call on one deployment, by outcome.</summary>
    public static void DeploymentCalled(string model, string deployment, string outcome) =>
        DeploymentCalls.Add(1, new TagList { { "model", model }, { "deployment", deployment }, { "outcome", outcome } });

    public static void StoreOperation(string operation, string entity, TimeSpan duration) =>
        StoreDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("entity", entity));

    /// <summary>A USD budget crossed a threshold; <paramref name="scope"/> is the budget's name (never a key or user id).</summary>
    /// <summary>One webhook delivery attempt: delivered, retry (failed, tried again later) or dead (failed for the last time).</summary>
    public static void WebhookDelivered(string outcome) => WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void BudgetThresholdCrossed(string scope, int thresholdPercent) =>
        BudgetThresholds.Add(1, new KeyValuePair<string, object?>("scope", scope),
            new KeyValuePair<string, object?>("threshold", StatusText(thresholdPercent)));

    private static string StatusText(int status) => (uint)status < StatusTexts.Length ? StatusTexts[status] : status.ToString(CultureInfo.InvariantCulture);
}
