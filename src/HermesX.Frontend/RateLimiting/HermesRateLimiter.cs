using StackExchange.Redis;

namespace HermesX.Frontend.RateLimiting;

/// <summary>
/// Distributed when Redis is usable (high limits from leases, <see cref="RateLimitLeases"/>), local
/// otherwise; switching back and forth needs nothing from anyone.
/// </summary>
public sealed class HermesRateLimiter(RedisConnection redis, RateLimitLeases distributed, LocalGcraLimiter local)
{
    public async ValueTask<RateLimitDecision> AcquireAsync(RateLimitRequest request)
    {
        if (request.TenantLimit <= 0 && request.KeyLimit <= 0)
        {
            return RateLimitDecision.Unlimited;
        }
        if (redis.Database is { } db)
        {
            try
            {
                var decision = await distributed.AcquireAsync(db, request);
                redis.ReportSuccess();
                return decision;
            }
            catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
            {
                redis.ReportFailure(e);
            }
        }
        return local.Acquire(request);
    }
}
