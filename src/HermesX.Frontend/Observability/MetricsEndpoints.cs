using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Frontend.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace HermesX.Frontend.Observability;

public static class MetricsEndpoints
{
    /// <summary>Counts every request by route template (never a raw path) and tenant; unmatched routes share one label.</summary>
    public static IApplicationBuilder UseHermesHttpMetrics(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        HermesMeter.HttpStarted();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await ObservedRequest.RunAsync(http, next, status =>
        {
            var path = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var tenant = Caller.Of(http).TenantId ?? "";
            var method = http.Request.Method is "GET" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS" or "HEAD" ? http.Request.Method : "OTHER";
            HermesMeter.HttpAnswered(method, path, status, tenant, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        });
    });

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
