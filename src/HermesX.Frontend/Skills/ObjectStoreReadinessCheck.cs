using HermesX.Frontend.Health;
using HermesX.Grains.Abstractions.Skills;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HermesX.Frontend.Skills;

/// <summary>
/// The S3 bucket answers (registered only when MINIO_ENDPOINT is set). Reported as degraded, never
/// unready: chat keeps working from the skill index each silo caches and only skill writes fail, so
/// taking every silo out of the load balancer for it would turn a partial outage into a whole one.
/// </summary>
public sealed class ObjectStoreReadinessCheck(IObjectStore store) : IHealthCheck
{
    private const string ProbeKey = ".readiness-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await store.EnsureReadyAsync(ct);
            // A cheap request that fails when the server or bucket is gone; the key need not exist.
            await store.ExistsAsync(ProbeKey, ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthApi.Outcome(context, "unreachable: " + e.GetType().Name);
        }
    }
}
