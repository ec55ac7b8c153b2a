using System.Diagnostics;
using HermesX.Frontend.Audit;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Observability;
using HermesX.Frontend.Skills;
using HermesX.Frontend.StaticConsole;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HermesX.Frontend.Gate;

/// <summary>
/// What every request passes through before its endpoint, in order, in one place:
/// <list type="number">
/// <item>the request's id, trace header and log scope; errors in the JSON shape; the data plane's
/// paths; and once answered, its metrics, access line and audit row (<see cref="ObserveAsync"/>);</item>
/// <item>the console's static files (paths of the API excluded), CORS, authentication;</item>
/// <item>the guards on target, headers and skill paths (after authentication, so a refusal is
/// audited under its caller);</item>
/// <item>authorization, then the rate limits and the body's Content-Type (<see cref="AdmitAsync"/>).</item>
/// </list>
/// </summary>
public static class RequestPipeline
{
    /// <summary>Paths served on <c>HERMES_API_PORT</c>, the OpenAI-compatible data plane; everything else is 8080 only.</summary>
    private static readonly string[] DataPlanePrefixes =
        ["/health", "/v1/health", "/v1/chat", "/v1/agent/chat", "/v1/embeddings", "/v1/models", "/v1/messages", "/v1/metrics", "/metrics"];

    public static void UseHermesPipeline(this WebApplication app, HermesOptions options)
    {
        var services = app.Services;
        var audit = services.GetRequiredService<IAuditSink>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger(AccessLog.Category);
        var accessLog = new AccessLog(loggers);
        var limiter = services.GetRequiredService<HermesRateLimiter>();
        var cache = services.GetRequiredService<ISiloCache>();

        app.Use((http, next) => ObserveAsync(http, next, options, logger, accessLog, audit));
        app.UseStaticConsole(options);
        app.UseCors();
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            if (!await InputGuard.RefusedAsync(http) && !await SkillPathGuard.RefusedAsync(http))
            {
                if (http.Features.Get<RequestLogScope>() is { } scope)
                {
                    scope.TenantId = Caller.Of(http).TenantId;
                }
                await next(http);
            }
        });
        app.UseAuthorization();
        app.Use(async (http, next) =>
        {
            if (!await RateLimitingMiddleware.RefusedAsync(http, limiter, cache, options) && !await JsonContentType.RefusedAsync(http))
            {
                await next(http);
            }
        });
    }

    private static async Task ObserveAsync(HttpContext http, RequestDelegate next, HermesOptions options, ILogger logger, AccessLog accessLog, IAuditSink audit)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIds.Assign(http);
        var traceId = Activity.Current?.TraceId.ToHexString();
        if (traceId is not null)
        {
            http.Response.Headers[RequestTelemetry.TraceHeader] = traceId;
        }
        var scope = new RequestLogScope(requestId, traceId);
        http.Features.Set(scope);
        AuditMiddleware.Begin(http, started);
        HermesMeter.HttpStarted();
        using var logScope = logger.BeginScope(scope);
        var escaped = false;
        try
        {
            if (http.Connection.LocalPort == options.ApiPort && options.ApiPort != options.SaasApiPort && !OnDataPlane(http.Request.Path))
            {
                await ApiError.WriteAsync(http, 404, $"{http.Request.Path} is served on the SaaS API port, not the data-plane port", "not_found");
                return;
            }
            await next(http);
            await ErrorHandling.WriteBodyIfMissingAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            // Whatever the failed endpoint had set goes; the request's own headers stay.
            http.Response.Clear();
            http.Response.Headers[RequestIds.Header] = requestId;
            if (traceId is not null)
            {
                http.Response.Headers[RequestTelemetry.TraceHeader] = traceId;
            }
            await ErrorHandling.HandleAsync(http, e);
        }
        catch
        {
            // The answer had begun: nothing can be said in its place; it counts as a failure.
            escaped = true;
            throw;
        }
        finally
        {
            var status = escaped ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var method = http.Request.Method is "GET" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS" or "HEAD" ? http.Request.Method : "OTHER";
            var elapsed = Stopwatch.GetElapsedTime(started);
            HermesMeter.HttpAnswered(method, route, status, Caller.Of(http).TenantId ?? "", elapsed);
            accessLog.Write(RequestTelemetry.IsQuiet(http.Request.Path) ? LogLevel.Debug : LogLevel.Information, http.Request.Method, route,
                status, elapsed.TotalMilliseconds, scope);
            await AuditMiddleware.EndAsync(http, audit, status);
        }
    }

    private static bool OnDataPlane(PathString path)
    {
        foreach (var prefix in DataPlanePrefixes)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
