using Prometheus;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Frontend.Observability;

/// <summary>
/// The eleven <c>hermes_*</c> metrics of the deployment guide, each fed where it happens. Label
/// values are bounded: tenant ids and route templates, never session ids, keys or raw paths.
/// </summary>
public sealed class HermesMetrics : IStoreObserver, IToolObserver, ISessionObserver, ILlmObserver
{
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    static HermesMetrics()
    {
        // .NET event counters are polled once a second by a listener of their own (about 5 % of a
        // busy silo's CPU) and duplicate what the runtime's meters already export; nothing reads them.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true });
    }

    public HermesMetrics(CollectorRegistry? registry = null)
    {
        var f = Metrics.WithCustomRegistry(registry ?? Metrics.DefaultRegistry);
        HttpRequests = f.CreateCounter("hermes_http_requests_total", "HTTP requests handled", "method", "path", "status", "tenant_id");
        HttpDuration = f.CreateHistogram("hermes_http_request_duration_seconds", "HTTP request duration",
            new HistogramConfiguration { LabelNames = ["method", "path", "tenant_id"], Buckets = LatencyBuckets });
        HttpInFlight = f.CreateGauge("hermes_http_requests_in_flight", "HTTP requests being handled");
        LlmDuration = f.CreateHistogram("hermes_llm_request_duration_seconds", "Model call duration",
            new HistogramConfiguration { LabelNames = ["provider", "model", "status", "tenant_id"], Buckets = LatencyBuckets });
        LlmTokens = f.CreateCounter("hermes_llm_tokens_total", "Model tokens by direction (input, output)", "provider", "model", "direction", "tenant_id");
        RateLimitRejected = f.CreateCounter("hermes_rate_limit_rejected_total", "Requests refused by rate limiting", "tenant_id");
        ToolExecutions = f.CreateCounter("hermes_tool_executions_total", "Server-side tool runs", "tool_name", "status", "tenant_id");
        ToolDuration = f.CreateHistogram("hermes_tool_execution_duration_seconds", "Server-side tool run duration",
            new HistogramConfiguration { LabelNames = ["tool_name", "status", "tenant_id"], Buckets = LatencyBuckets });
        ActiveSessions = f.CreateGauge("hermes_active_sessions", "Session grains active on this silo", "tenant_id");
        ChatCompletions = f.CreateCounter("hermes_chat_completions_total", "Chat completion requests by outcome", "tenant_id", "status");
        StoreDuration = f.CreateHistogram("hermes_store_operation_duration_seconds", "Postgres operation duration",
            new HistogramConfiguration { LabelNames = ["operation", "entity"], Buckets = LatencyBuckets });
    }

    public Counter HttpRequests { get; }
    public Histogram HttpDuration { get; }
    public Gauge HttpInFlight { get; }
    public Histogram LlmDuration { get; }
    public Counter LlmTokens { get; }
    public Counter RateLimitRejected { get; }
    public Counter ToolExecutions { get; }
    public Histogram ToolDuration { get; }
    public Gauge ActiveSessions { get; }
    public Counter ChatCompletions { get; }
    public Histogram StoreDuration { get; }

    void IStoreObserver.Observed(string operation, string entity, TimeSpan duration, bool succeeded) =>
        StoreDuration.WithLabels(operation, entity).Observe(duration.TotalSeconds);

    void IToolObserver.Observed(string tenantId, string toolName, string status, TimeSpan duration)
    {
        ToolExecutions.WithLabels(toolName, status, tenantId).Inc();
        ToolDuration.WithLabels(toolName, status, tenantId).Observe(duration.TotalSeconds);
    }

    void ISessionObserver.Activated(string tenantId) => ActiveSessions.WithLabels(tenantId).Inc();

    void ISessionObserver.Deactivated(string tenantId) => ActiveSessions.WithLabels(tenantId).Dec();

    void ILlmObserver.Observed(LlmCall call, ModelInfo model, string status, TimeSpan duration, long inputTokens, long outputTokens)
    {
        var tenantId = call.TenantId;
        LlmDuration.WithLabels(model.Provider, model.Id, status, tenantId).Observe(duration.TotalSeconds);
        if (inputTokens > 0)
        {
            LlmTokens.WithLabels(model.Provider, model.Id, "input", tenantId).Inc(inputTokens);
        }
        if (outputTokens > 0)
        {
            LlmTokens.WithLabels(model.Provider, model.Id, "output", tenantId).Inc(outputTokens);
        }
    }
}
