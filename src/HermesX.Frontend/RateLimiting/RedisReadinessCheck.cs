using HermesX.Frontend.Health;
using StackExchange.Redis;

namespace HermesX.Frontend.RateLimiting;

/// <summary>
/// Redis only makes rate limits cluster-wide; without it each silo limits on its own. So it is
/// reported (degraded) but never makes the instance unready.
/// </summary>
public sealed class RedisReadinessCheck(RedisConnection redis) : IReadinessCheck
{
    public string Name => "redis";
    public bool Required => false;

    public async Task<string?> CheckAsync(CancellationToken ct)
    {
        if (!redis.Configured)
        {
            return "REDIS_URL is not set: rate limits are counted per silo";
        }
        if (redis.ProbeDatabase is not { } db)
        {
            return "unreachable: rate limits are counted per silo until it is back";
        }
        try
        {
            await db.PingAsync().WaitAsync(ct);
            // A successful probe also closes the limiter's circuit, so the next request is distributed again.
            redis.ReportSuccess();
            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            redis.ReportFailure(e);
            return "unreachable: " + e.GetType().Name;
        }
    }
}
