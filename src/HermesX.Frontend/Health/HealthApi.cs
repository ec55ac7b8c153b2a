using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HermesX.Frontend.Health;

public sealed record CheckResult(string Status, double LatencyMs, string? Error);

public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, CheckResult> Checks, IReadOnlyList<string> Failed);

/// <summary>
/// Liveness (the process answers) and readiness (its dependencies answer), also under /v1/health,
/// served by ASP.NET Core health checks. A required check failing makes the instance unready (503);
/// an optional one only degrades it, so a partial outage never takes every pod out of the Service.
/// </summary>
public static class HealthApi
{
    public const string ReadinessTag = "ready";

    /// <summary>A check that outlasts this is reported as timed out, so a hung dependency cannot hang the probe.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Adds a readiness check: <paramref name="required"/> ones fail readiness, the others degrade it.</summary>
    public static IHealthChecksBuilder AddReadinessCheck<T>(this IHealthChecksBuilder checks, string name, bool required) where T : class, IHealthCheck =>
        checks.AddCheck<T>(name, required ? HealthStatus.Unhealthy : HealthStatus.Degraded, [ReadinessTag], CheckTimeout);

    /// <summary>The result a check gives: healthy when <paramref name="problem"/> is null, else its registration's failure status.</summary>
    public static HealthCheckResult Outcome(HealthCheckContext context, string? problem) =>
        problem is null ? HealthCheckResult.Healthy() : new HealthCheckResult(context.Registration.FailureStatus, problem);

    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteLiveAsync };
        // The framework's status codes already match: healthy and degraded 200, unhealthy 503.
        var ready = new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadinessTag), ResponseWriter = WriteReadinessAsync };
        foreach (var prefix in new[] { "/health", "/v1/health" })
        {
            routes.MapHealthChecks(prefix + "/live", live).AllowAnonymous().WithDisplayName("Liveness");
            routes.MapHealthChecks(prefix + "/ready", ready).AllowAnonymous()
                .WithDisplayName("Readiness: Postgres, cluster membership and configured dependencies");
        }
    }

    private static Task WriteLiveAsync(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new { status = "ok" }, HermesJson.Options);

    private static Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(e => e.Key, e => new CheckResult(
            e.Value.Status switch { HealthStatus.Healthy => "ok", HealthStatus.Degraded => "degraded", _ => "down" },
            e.Value.Duration.TotalMilliseconds,
            Error(e.Value)));
        var failed = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).ToList();
        var overall = report.Status switch { HealthStatus.Unhealthy => "unavailable", HealthStatus.Degraded => "degraded", _ => "ready" };
        return http.Response.WriteAsJsonAsync(new ReadinessResponse(overall, checks, failed), HermesJson.Options);
    }

    /// <summary>A check's own reason; for a check that threw, only the exception's type, since its message may carry a connection string.</summary>
    private static string? Error(HealthReportEntry entry) => entry.Status == HealthStatus.Healthy ? null : entry.Exception switch
    {
        OperationCanceledException => "timed out",
        { } e => e.GetType().Name,
        null => entry.Description,
    };
}
