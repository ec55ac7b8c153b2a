using HermesX.Frontend.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace HermesX.Frontend.Gate;

/// <summary>
/// Redis only makes rate limits cluster-wide; without it each silo limits on its own. So it is
/// reported (degraded) but never makes the instance unready.
/// </summary>
public sealed class RedisReadinessCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        if (!redis.Configured)
        {
            return HealthApi.Outcome(context, "REDIS_URL is not set: rate limits are counted per silo");
        }
        if (redis.ProbeDatabase is not { } db)
        {
            return HealthApi.Outcome(context, "unreachable: rate limits are counted per silo until it is back");
        }
        try
        {
            await db.PingAsync().WaitAsync(ct);
            // A successful probe also closes the limiter's circuit, so the next request is distributed again.
            redis.ReportSuccess();
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.ReportFailure(e);
            return HealthApi.Outcome(context, "unreachable: " + e.GetType().Name);
        }
    }
}
