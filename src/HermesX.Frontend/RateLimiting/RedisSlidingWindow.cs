using HermesX.Grains.Configuration;
using StackExchange.Redis;

namespace HermesX.Frontend.RateLimiting;

/// <summary>
/// The distributed limiter: both budgets checked and charged in one Lua script, so two silos can
/// never both admit the last slot and a refusal by one limit charges nothing to the other. Each
/// budget is a sorted set of request stamps (a sliding log: exact, memory in proportion to the
/// limit). Both keys carry the same hash tag, so in a Redis Cluster they live in one slot and one
/// script may touch both.
/// </summary>
public sealed class RedisSlidingWindow(HermesOptions settings)
{
    // KEYS[1] tenant log, KEYS[2] caller log. ARGV: tenant limit, caller limit (0 = off), window ms, member.
    // Returns {allowed, scope (1 tenant, 2 caller), limit, remaining, reset ms}. Redis' own clock is
    // used so silos with skewed clocks still share one window.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[3])
        local limits = { tonumber(ARGV[1]), tonumber(ARGV[2]) }
        local counts = { 0, 0 }
        local function reset(key)
          local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
          if oldest[2] then return tonumber(oldest[2]) + window - now end
          return 0
        end
        for i = 1, 2 do
          if limits[i] > 0 then
            redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
            counts[i] = redis.call('ZCARD', KEYS[i])
            if counts[i] >= limits[i] then
              return { 0, i, limits[i], 0, reset(KEYS[i]) }
            end
          end
        end
        local best, bestRemaining = 0, -1
        for i = 1, 2 do
          if limits[i] > 0 then
            redis.call('ZADD', KEYS[i], now, ARGV[4])
            redis.call('PEXPIRE', KEYS[i], window)
            local remaining = limits[i] - counts[i] - 1
            if bestRemaining < 0 or remaining < bestRemaining then best, bestRemaining = i, remaining end
          end
        end
        if best == 0 then return { 1, 0, 0, 0, 0 } end
        return { 1, best, limits[best], bestRemaining, reset(KEYS[best]) }
        """;

    private readonly string _prefix = "hx:{" + settings.ServiceId + ":";

    /// <summary>The two Redis keys of a request; the part in braces is the hash tag they share.</summary>
    public (RedisKey Tenant, RedisKey Key) KeysFor(RateLimitRequest request) =>
        (_prefix + request.TenantId + "}:tenant", _prefix + request.TenantId + "}:key:" + request.KeyId);

    public async Task<RateLimitDecision> AcquireAsync(IDatabase db, RateLimitRequest request)
    {
        var (tenant, key) = KeysFor(request);
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(Script, [tenant, key],
            [request.TenantLimit, request.KeyLimit, (long)RateLimitWindow.Length.TotalMilliseconds, Guid.NewGuid().ToString("N")]))!;
        var allowed = (int)result[0] == 1;
        var scope = (int)result[1];
        if (scope == 0)
        {
            return RateLimitDecision.Unlimited;
        }
        return new RateLimitDecision(allowed, scope == 1 ? RateLimitScope.Tenant : RateLimitScope.Key,
            (int)result[2], (int)result[3], TimeSpan.FromMilliseconds(Math.Max(0, (long)result[4])));
    }
}
