using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Auth;
using HermesX.Grains.Sessions;
using HermesX.Grains.Usage;

namespace HermesX.Grains.Tenants;

/// <summary>Owns one tenant's record; the cached copy is what every silo reads.</summary>
[GrainType("tenant")]
public sealed class TenantGrain(TenantStore store, ApiKeyStore keys, UsageStore usage, SessionStore sessions, TimeProvider time) : Grain, ITenantGrain
{
    private TenantQuota? _quota;
    private TenantRecord? _cached;
    private bool _loaded;

    private string TenantId => this.GetPrimaryKeyString();

    async Task<TenantRecord?> ITenantGrain.GetAsync() => await LoadAsync();

    async Task<TenantRecord?> ITenantGrain.CreateAsync(string name, string plan, int? rateLimitRpm, int? maxSessions, string configJson)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new TenantRecord(TenantId, name, plan,
            rateLimitRpm ?? TenantPlans.DefaultRateLimitRpm(plan),
            maxSessions ?? TenantPlans.DefaultMaxSessions(plan),
            configJson, now, now, null);
        var inserted = await store.InsertAsync(record);
        if (inserted is not null)
        {
            _cached = inserted;
            _loaded = true;
        }
        return inserted;
    }

    async Task<TenantRecord?> ITenantGrain.UpdateAsync(TenantChanges changes)
    {
        var current = await LoadAsync();
        if (current is not { IsActive: true })
        {
            return null;
        }
        var plan = changes.Plan ?? current.Plan;
        var next = current with
        {
            Name = changes.Name ?? current.Name,
            Plan = plan,
            RateLimitRpm = changes.RateLimitRpm ?? current.RateLimitRpm,
            MaxSessions = changes.MaxSessions ?? current.MaxSessions,
            ConfigJson = changes.ConfigJson ?? current.ConfigJson,
            DailyTokenBudget = changes.DailyTokenBudget ?? current.DailyTokenBudget,
            MonthlyTokenBudget = changes.MonthlyTokenBudget ?? current.MonthlyTokenBudget,
            MaxStreamsPerUser = changes.MaxStreamsPerUser ?? current.MaxStreamsPerUser,
        };
        var updated = await store.UpdateAsync(next);
        _cached = updated;
        _loaded = updated is not null;
        return updated;
    }

    async Task<bool> ITenantGrain.DeleteAsync()
    {
        var deleted = await store.SoftDeleteAsync(TenantId);
        _loaded = false;
        if (deleted is null)
        {
            return false;
        }
        _cached = deleted;
        _loaded = true;
        // Cached key resolutions must not outlive the tenant.
        foreach (var hash in await keys.ListHashesAsync(TenantId))
        {
            await GrainFactory.GetGrain<IApiKeyGrain>(hash).InvalidateAsync();
        }
        return true;
    }

    async Task<QuotaDecision> ITenantGrain.AdmitTurnAsync(string userId, bool newSession, bool stream)
    {
        if (await LoadAsync() is not { IsActive: true } tenant)
        {
            return new QuotaDecision(false, "tenant", "The tenant does not exist or was deleted");
        }
        return (await QuotaAsync()).Admit(tenant, userId, newSession, stream);
    }

    async Task ITenantGrain.ReleaseAsync(string userId, bool stream, long tokens) => (await QuotaAsync()).Release(userId, stream, tokens);

    async Task ITenantGrain.SessionDeletedAsync() => (await QuotaAsync()).SessionDeleted();

    private async Task<TenantQuota> QuotaAsync()
    {
        if (_quota is null)
        {
            var now = time.GetUtcNow();
            var quota = new TenantQuota(time);
            quota.Seed(await usage.TokensSinceAsync(TenantId, TenantQuota.DayStart(now)),
                await usage.TokensSinceAsync(TenantId, TenantQuota.MonthStart(now)),
                await sessions.CountAsync(TenantId));
            _quota = quota;
        }
        return _quota;
    }

    private async Task<TenantRecord?> LoadAsync()
    {
        if (!_loaded)
        {
            _cached = await store.GetAsync(TenantId);
            _loaded = true;
        }
        return _cached;
    }
}
