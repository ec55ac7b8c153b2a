using System.Diagnostics;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HermesX.Frontend.Observability;

/// <summary>
/// Per request: the trace id in an <c>X-Trace-Id</c> response header, a logging scope carrying the
/// request, tenant and trace ids, and one log line when the request ends (route template, status,
/// duration; never the raw path, query string or body).
/// </summary>
public static class RequestTelemetry
{
    public const string TraceHeader = "X-Trace-Id";

    // Probes, scrapes and the dashboard's polling would drown the log at the default level.
    private static readonly string[] QuietPrefixes = ["/health", "/v1/health", "/metrics", "/v1/metrics", "/dashboard"];

    public static IApplicationBuilder UseHermesRequestTelemetry(this IApplicationBuilder app)
    {
        var loggers = app.ApplicationServices.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger(AccessLog.Category);
        var accessLog = new AccessLog(loggers);
        return app.Use(async (http, next) =>
        {
            var traceId = Activity.Current?.TraceId.ToHexString();
            if (traceId is not null)
            {
                // Set when the response starts: the error handler clears headers set earlier.
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers[TraceHeader] = traceId;
                    return Task.CompletedTask;
                });
            }
            var scope = new RequestLogScope(RequestIds.Get(http), traceId);
            http.Features.Set(scope);
            using (logger.BeginScope(scope))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await next(http);
                }
                finally
                {
                    var quiet = QuietPrefixes.Any(p => http.Request.Path.StartsWithSegments(p));
                    var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                    accessLog.Write(quiet ? LogLevel.Debug : LogLevel.Information, http.Request.Method, route, http.Response.StatusCode,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds, scope);
                }
            }
        });
    }

    /// <summary>Adds the caller's tenant to the request's logging scope; runs after authentication.</summary>
    public static IApplicationBuilder UseHermesTenantLogScope(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Features.Get<RequestLogScope>() is { } scope)
        {
            scope.TenantId = Caller.Of(http).TenantId;
        }
        return next(http);
    });
}
