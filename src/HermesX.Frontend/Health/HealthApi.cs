using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HermesX.Frontend.Health;

public sealed record LivenessResponse(string Status);

public sealed record CheckResult(string Status, double LatencyMs, string? Error);

public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, CheckResult> Checks, IReadOnlyList<string> Failed);

/// <summary>
/// Liveness (the process answers) and readiness (its dependencies answer), also under /v1/health.
/// Readiness is ASP.NET Core's health-check service run over the checks tagged <see cref="ReadinessTag"/>. A required check failing makes the instance unready (503);
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
        foreach (var prefix in new[] { "/health", "/v1/health" })
        {
            var group = routes.MapGroup(prefix).WithTags("Health").AllowAnonymous();
            group.MapGet("/live", () => TypedResults.Ok(new LivenessResponse("ok"))).WithSummary("Liveness");
            // The 503 carries the same report as the 200; Ok<T> documents only the 200.
            group.MapGet("/ready", ReadyAsync).WithSummary("Readiness: Postgres, cluster membership and configured dependencies")
                .Produces<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The framework's health-check service runs the readiness checks (in parallel, each with its timeout).</summary>
    private static async Task<Results<Ok<ReadinessResponse>, JsonHttpResult<ReadinessResponse>>> ReadyAsync(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(ReadinessTag), ct);
        var checks = report.Entries.ToDictionary(e => e.Key, e => new CheckResult(
            e.Value.Status switch { HealthStatus.Healthy => "ok", HealthStatus.Degraded => "degraded", _ => "down" },
            e.Value.Duration.TotalMilliseconds,
            Error(e.Value)));
        var failed = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).ToList();
        var overall = report.Status switch { HealthStatus.Unhealthy => "unavailable", HealthStatus.Degraded => "degraded", _ => "ready" };
        var body = new ReadinessResponse(overall, checks, failed);
        // Degraded stays 200: an optional dependency down must not take the pod out of the Service.
        return report.Status == HealthStatus.Unhealthy ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable) : TypedResults.Ok(body);
    }

    /// <summary>A check's own reason; for a check that threw, only the exception's type, since its message may carry a connection string.</summary>
    private static string? Error(HealthReportEntry entry) => entry.Status == HealthStatus.Healthy ? null : entry.Exception switch
    {
        OperationCanceledException => "timed out",
        { } e => e.GetType().Name,
        null => entry.Description,
    };
}
