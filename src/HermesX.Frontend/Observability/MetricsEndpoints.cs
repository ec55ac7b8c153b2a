using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Frontend.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace HermesX.Frontend.Observability;

public static class MetricsEndpoints
{
    /// <summary>Prometheus text at /v1/metrics and /metrics: unauthenticated, so bind or firewall it (HERMES_METRICS_ENABLED=false turns it off).</summary>
    public static void MapHermesMetrics(this IEndpointRouteBuilder routes)
    {
        foreach (var path in new[] { "/v1/metrics", "/metrics" })
        {
            routes.MapGet(path, async (HttpContext http) =>
            {
                http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
            }).AllowAnonymous().WithTags("Observability").ExcludeFromDescription();
        }
    }
}
