using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Health;

/// <summary>One dependency that readiness depends on. Optional ones degrade readiness without failing it.</summary>
public interface IReadinessCheck
{
    string Name { get; }

    /// <summary>True: a failure makes the instance unready (503). False: reported as degraded only.</summary>
    bool Required { get; }

    /// <summary>Null when healthy, else a short reason without secrets.</summary>
    Task<string?> CheckAsync(CancellationToken ct);
}

public sealed record CheckResult(string Status, double LatencyMs, string? Error);

public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, CheckResult> Checks, IReadOnlyList<string> Failed);

/// <summary>Liveness (the process answers) and readiness (its dependencies answer), also under /v1/health.</summary>
public static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in new[] { "/health", "/v1/health" })
        {
            var group = routes.MapGroup(prefix).WithTags("Health").AllowAnonymous();
            group.MapGet("/live", () => TypedResults.Ok(new { status = "ok" })).WithSummary("Liveness");
            group.MapGet("/ready", ReadyAsync).WithSummary("Readiness: Postgres, cluster membership and configured dependencies");
        }
    }

    private static async Task<IResult> ReadyAsync(IEnumerable<IReadinessCheck> checks, CancellationToken ct)
    {
        var list = checks.ToList();
        var results = await Task.WhenAll(list.Select(async c =>
        {
            var started = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                error = await c.CheckAsync(timeout.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                error = e is OperationCanceledException ? "timed out" : e.GetType().Name;
            }
            var status = error is null ? "ok" : c.Required ? "down" : "degraded";
            return (c, new CheckResult(status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, error));
        }));
        var failed = results.Where(r => r.Item2.Status == "down").Select(r => r.c.Name).ToList();
        var overall = failed.Count > 0 ? "unavailable" : results.Any(r => r.Item2.Status == "degraded") ? "degraded" : "ready";
        var body = new ReadinessResponse(overall, results.ToDictionary(r => r.c.Name, r => r.Item2), failed);
        return failed.Count > 0 ? TypedResults.Json(body, statusCode: 503) : TypedResults.Ok(body);
    }
}
