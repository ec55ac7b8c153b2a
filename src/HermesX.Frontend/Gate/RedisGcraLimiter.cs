using StackExchange.Redis;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Frontend.Gate;

/// <summary>
/// The distributed limiter: both budgets checked and charged in one Lua script, so two silos can
/// never both admit the last slot and a refusal by one limit charges nothing to the other. Each
/// budget is one small string (<see cref="Gcra"/>: the amount used and when it was measured), so a
/// request costs two GETs and two SETs whatever the limit. Both keys carry the same hash tag, so in
/// a Redis Cluster they live in one slot and one script may touch both.
/// </summary>
public sealed class RedisGcraLimiter(HermesOptions settings)
{
    // KEYS[1] tenant budget, KEYS[2] caller budget. ARGV: tenant limit, caller limit (0 = off), window ms,
    // the clock in ms ('' = Redis' own, so silos with skewed clocks still share one budget), and how
    // many requests to admit at most (a lease, see RateLimitLeases; at least one is admitted or none).
    // Each value is "used:at" (integers in ms·requests and ms), see Gcra. Returns
    // {allowed, scope (1 tenant, 2 caller, 0 none), limit, remaining, reset ms, admitted}.
    // A budget expires one window after it has drained: forgotten once idle, but never early for a
    // caller whose clock runs ahead of Redis' (the expiry counts on Redis' clock).
    // Integers stay below 2^53 (limit * window <= 6e10), so Lua's doubles are exact; string.format('%d')
    // because a number passed to redis.call is written with 14 significant digits.
    private const string Script = """
        local now = tonumber(ARGV[4])
        if not now then
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        local window = tonumber(ARGV[3])
        local limits = { tonumber(ARGV[1]), tonumber(ARGV[2]) }
        local used = { 0, 0 }
        local count = tonumber(ARGV[5]) or 1
        for i = 1, 2 do
          local limit = limits[i]
          if limit > 0 then
            local v = redis.call('GET', KEYS[i])
            if v then
              local u, at = string.match(v, '^(%d+):(%d+)$')
              if u then
                local elapsed = math.min(math.max(now - tonumber(at), 0), window)
                used[i] = math.max(math.min(tonumber(u), limit * window) - elapsed * limit, 0)
              end
            end
            local over = used[i] + window - limit * window
            if over > 0 then
              return { 0, i, limit, 0, math.ceil(over / limit), 0 }
            end
            count = math.min(count, math.floor((limit * window - used[i]) / window))
          end
        end
        local best, bestRemaining, bestReset = 0, -1, 0
        for i = 1, 2 do
          local limit = limits[i]
          if limit > 0 then
            local u = used[i] + count * window
            redis.call('SET', KEYS[i], string.format('%d:%d', u, now), 'PX', string.format('%d', math.ceil(u / limit) + window))
            local remaining = math.floor((limit * window - u) / window)
            if bestRemaining < 0 or remaining < bestRemaining then
              best, bestRemaining = i, remaining
              bestReset = math.ceil((u - (limit - remaining - 1) * window) / limit)
            end
          end
        end
        if best == 0 then return { 1, 0, 0, 0, 0, count } end
        return { 1, best, limits[best], bestRemaining, bestReset, count }
        """;

    // Called by its SHA-1 (EVALSHA): the client library otherwise looks the script up by its text on
    // every call, hashing two kilobytes per request.
    private static readonly byte[] ScriptSha1 = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(Script));

    private readonly string _prefix = "hx:{" + settings.ServiceId + ":";

    /// <summary>
    /// The two Redis keys of a request; the part in braces is the hash tag they share. "gcra" in the
    /// name keeps them apart from the sorted sets of the earlier sliding-log limiter, so silos of both
    /// versions side by side in a rolling upgrade never hit a key of the wrong type.
    /// </summary>
    public (RedisKey Tenant, RedisKey Key) KeysFor(RateLimitRequest request) =>
        (_prefix + request.TenantId + "}:gcra:tenant", _prefix + request.TenantId + "}:gcra:key:" + request.KeyId);

    // The two keys of each (tenant, API key), built once: only read by the client library. Cleared
    // when it grows past a bound, so revoked keys' entries do not pile up.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Tenant, string Key), RedisKey[]> _keys = new();
    private const int MaxCachedKeys = 10_000;

    private RedisKey[] KeyArray(RateLimitRequest request)
    {
        if (_keys.TryGetValue((request.TenantId, request.KeyId), out var cached))
        {
            return cached;
        }
        if (_keys.Count >= MaxCachedKeys)
        {
            _keys.Clear();
        }
        var (tenant, key) = KeysFor(request);
        return _keys[(request.TenantId, request.KeyId)] = [tenant, key];
    }

    /// <summary>Admits or refuses on Redis' clock, or on <paramref name="now"/> when given (tests step it exactly).</summary>
    public async Task<RateLimitDecision> AcquireAsync(IDatabase db, RateLimitRequest request, DateTimeOffset? now = null) =>
        (await AcquireManyAsync(db, request, 1, now)).Decision;

    /// <summary>
    /// Admits up to <paramref name="count"/> requests at once, as many as both budgets hold (at least
    /// one, or none and the refusal). The decision describes the budgets after all of them.
    /// </summary>
    public async Task<(RateLimitDecision Decision, int Admitted)> AcquireManyAsync(IDatabase db, RateLimitRequest request, int count, DateTimeOffset? now = null)
    {
        var keys = KeyArray(request);
        RedisValue[] values = [request.TenantLimit, request.KeyLimit, Gcra.WindowMs, now is { } at ? at.ToUnixTimeMilliseconds() : "", count];
        RedisResult raw;
        try
        {
            raw = await db.ScriptEvaluateAsync(ScriptSha1, keys, values);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // A Redis that restarted or was flushed no longer knows it: sent whole once, it does again.
            raw = await db.ScriptEvaluateAsync(Script, keys, values);
        }
        var result = (RedisResult[])raw!;
        var allowed = (int)result[0] == 1;
        var scope = (int)result[1];
        var admitted = (int)result[5];
        if (scope == 0)
        {
            return (RateLimitDecision.Unlimited, admitted);
        }
        return (new RateLimitDecision(allowed, scope == 1 ? RateLimitScope.Tenant : RateLimitScope.Key,
            (int)result[2], (int)result[3], TimeSpan.FromMilliseconds((long)result[4])), admitted);
    }
}
