using System.Collections.Concurrent;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Skills;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Caching;

/// <summary>
/// <see cref="ISiloCache"/>: concurrent readers of a missing entry share one grain call, and only
/// positive answers are kept, so random keys sent by a stranger cost no memory here.
/// </summary>
public sealed class SiloCache(IGrainFactory grains, TimeProvider time) : ISiloCache
{
    /// <summary>
    /// Longest an entry is served without asking its grain again. Changes are pushed, so this only
    /// bounds how stale a silo can be that a push did not reach (unreachable for that moment): a
    /// revoked key still stops within a second everywhere. At 1,000 requests a second it costs one
    /// grain call per second per key and tenant.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry<TenantRecord>> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<ApiKeyPrincipal>> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<SkillIndex>> _skills = new(StringComparer.Ordinal);
    private long _nextSweep;

    public ValueTask<TenantRecord?> GetTenantAsync(string tenantId) =>
        GetAsync(_tenants, tenantId, id => grains.GetGrain<ITenantGrain>(id).GetAsync());

    public ValueTask<SkillIndex?> GetSkillIndexAsync(string tenantId) =>
        GetAsync(_skills, tenantId, async id => (SkillIndex?)await grains.GetGrain<ISkillIndexGrain>(id).GetAsync());

    public async ValueTask<ApiKeyPrincipal?> ResolveKeyAsync(string keyHash)
    {
        var principal = await GetAsync(_keys, keyHash, hash => grains.GetGrain<IApiKeyGrain>(hash).ResolveAsync());
        // Expiry is a moment, not an event anyone pushes: checked on every use.
        return principal is { ExpiresAt: { } expires } && expires <= time.GetUtcNow() ? null : principal;
    }

    /// <summary>Whether a copy of the tenant is held (fresh or not yet swept).</summary>
    internal bool HoldsTenant(string tenantId) => _tenants.ContainsKey(tenantId);

    /// <summary>Whether a copy of the key's resolution is held (fresh or not yet swept).</summary>
    internal bool HoldsKey(string keyHash) => _keys.ContainsKey(keyHash);

    /// <summary>The tenant changed: forget it, and the keys resolved against its previous state.</summary>
    public void DropTenant(string tenantId)
    {
        _tenants.TryRemove(tenantId, out _);
        foreach (var entry in _keys)
        {
            // A load still running may have read the tenant before the change.
            if (!entry.Value.Value.IsCompleted || (entry.Value.Value.IsCompletedSuccessfully && entry.Value.Value.Result?.TenantId == tenantId))
            {
                _keys.TryRemove(entry);
            }
        }
    }

    /// <summary>The key was revoked, rotated or changed: forget its resolution.</summary>
    public void DropKey(string keyHash) => _keys.TryRemove(keyHash, out _);

    /// <summary>A skill or the persona of the tenant changed: forget its index.</summary>
    public void DropSkills(string tenantId) => _skills.TryRemove(tenantId, out _);

    private async ValueTask<T?> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> map, string id, Func<string, Task<T?>> load)
        where T : class
    {
        var now = time.GetTimestamp();
        Sweep(now);
        while (true)
        {
            map.TryGetValue(id, out var seen);
            if (seen is not null && (!seen.Value.IsCompleted || time.GetElapsedTime(seen.Since, now) < MaxAge))
            {
                return await seen.Value;
            }
            var mine = new Entry<T>(now);
            if (!(seen is null ? map.TryAdd(id, mine) : map.TryUpdate(id, mine, seen)))
            {
                continue;
            }
            try
            {
                // A key's or tenant's grain may sit on a silo that is leaving: the read is safe to repeat.
                var value = await SiloGone.RetryAsync(() => load(id));
                if (value is null)
                {
                    map.TryRemove(KeyValuePair.Create(id, mine));
                }
                mine.Source.SetResult(value);
                return value;
            }
            catch (Exception e)
            {
                map.TryRemove(KeyValuePair.Create(id, mine));
                mine.Source.SetException(e);
                // Callers that joined this load see the error; nobody else has to.
                _ = mine.Source.Task.Exception;
                throw;
            }
        }
    }

    /// <summary>Once a minute, entries past their age go, so keys and tenants no longer used cost nothing.</summary>
    private void Sweep(long now)
    {
        var next = Interlocked.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + time.TimestampFrequency * 60, next) != next)
        {
            return;
        }
        SweepMap(_tenants, now);
        SweepMap(_keys, now);
        SweepMap(_skills, now);
    }

    private void SweepMap<T>(ConcurrentDictionary<string, Entry<T>> map, long now) where T : class
    {
        foreach (var entry in map)
        {
            if (entry.Value.Value.IsCompleted && time.GetElapsedTime(entry.Value.Since, now) >= MaxAge)
            {
                map.TryRemove(entry);
            }
        }
    }

    /// <summary>One load (running or done); a class so that removal matches this very entry.</summary>
    private sealed class Entry<T>(long since) where T : class
    {
        public long Since { get; } = since;
        public TaskCompletionSource<T?> Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task<T?> Value => Source.Task;
    }
}
