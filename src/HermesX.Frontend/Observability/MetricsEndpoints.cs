using HermesX.Frontend.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace HermesX.Frontend.Observability;

public static class MetricsEndpoints
{
    /// <summary>Counts every request by route template (never a raw path) and tenant; unmatched routes share one label.</summary>
    public static IApplicationBuilder UseHermesHttpMetrics(this IApplicationBuilder app, HermesMetrics metrics) => app.Use(async (http, next) =>
    {
        metrics.HttpInFlight.Inc();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(http);
        }
        catch
        {
            // The error handler further out turns this into a 500 (or 503) after we have recorded it.
            failed = true;
            throw;
        }
        finally
        {
            metrics.HttpInFlight.Dec();
            var path = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var tenant = http.User.FindFirst(Caller.TenantClaim)?.Value ?? "";
            var method = http.Request.Method is "GET" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS" or "HEAD" ? http.Request.Method : "OTHER";
            metrics.HttpRequests.WithLabels(method, path, (failed ? 500 : http.Response.StatusCode).ToString(), tenant).Inc();
            metrics.HttpDuration.WithLabels(method, path, tenant).Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
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
