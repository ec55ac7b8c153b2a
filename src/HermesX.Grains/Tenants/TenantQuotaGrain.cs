using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Sessions;
using HermesX.Grains.Usage;
using Orleans.Concurrency;

namespace HermesX.Grains.Tenants;

/// <summary>
/// Counts one tenant's quotas in a <see cref="TenantQuota"/>. The limits are read from this silo's
/// copy of the tenant record on every admission: <see cref="TenantGrain"/> drops that copy on every
/// silo before it calls <see cref="ITenantQuotaGrain.TenantChangedAsync"/>, so a woken turn sees the new limits.
/// </summary>
/// <remarks>
/// Reentrant: an admission may wait for a release, and a change must get in while one reads the
/// record. Every method is synchronous from check to count, so interleaving keeps the counts exact.
/// </remarks>
[GrainType("tenant-quota"), Reentrant]
public sealed class TenantQuotaGrain(ISiloCache tenants, UsageStore usage, SessionStore sessions, TimeProvider time)
    : Grain, ITenantQuotaGrain
{
    /// <summary>
    /// How long a turn waits inside <see cref="ITenantQuotaGrain.AdmitTurnAsync"/> for running turns to hand
    /// back the budget they reserved: well inside Orleans' 30 s response timeout.
    /// </summary>
    public static readonly TimeSpan BudgetWait = TimeSpan.FromSeconds(20);

    private static readonly QuotaDecision Gone = new(false, "tenant", "The tenant does not exist or was deleted");

    // A task, not a value: a seed in flight is shared, and one that finishes after a purge never
    // brings back the counts the purge dropped.
    private Task<TenantQuota>? _quota;

    private string TenantId => this.GetPrimaryKeyString();

    async Task<QuotaDecision> ITenantQuotaGrain.AdmitTurnAsync(string userId, bool newSession, bool stream, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            if (await tenants.GetTenantAsync(TenantId) is not { IsActive: true } tenant)
            {
                return Gone;
            }
            var quota = await QuotaAsync();
            var decision = quota.Admit(tenant, userId, newSession, stream);
            var left = BudgetWait - time.GetElapsedTime(started);
            if (!decision.Wait || left <= TimeSpan.Zero)
            {
                return decision;
            }
            try
            {
                await quota.Changed.WaitAsync(left, time, ct);
            }
            catch (TimeoutException)
            {
                return decision;
            }
        }
    }

    async Task<QuotaDecision> ITenantQuotaGrain.AdmitSessionAsync()
    {
        if (await tenants.GetTenantAsync(TenantId) is not { IsActive: true } tenant)
        {
            return Gone;
        }
        return (await QuotaAsync()).AdmitSession(tenant);
    }

    async Task<QuotaDecision> ITenantQuotaGrain.AdmitStreamAsync(string userId)
    {
        if (await tenants.GetTenantAsync(TenantId) is not { IsActive: true } tenant)
        {
            return Gone;
        }
        return (await QuotaAsync()).AdmitStream(tenant, userId);
    }

    async Task ITenantQuotaGrain.ReleaseAsync(string userId, bool stream, long tokens, long reservation) =>
        (await QuotaAsync()).Release(userId, stream, tokens, reservation);

    async Task ITenantQuotaGrain.SessionDeletedAsync() => (await QuotaAsync()).SessionDeleted();

    async Task ITenantQuotaGrain.TenantChangedAsync(bool purged, bool tokenBudget)
    {
        var quota = _quota;
        if (purged)
        {
            // Its usage rows and sessions are erased: a tenant created again under this id starts from zero.
            _quota = null;
        }
        else if (tokenBudget && quota is { IsCompletedSuccessfully: true })
        {
            // Turns of a tenant without budgets are not counted here (SessionGrain): a budget starts from the usage rows.
            var now = time.GetUtcNow();
            quota.Result.SeedTokens(await usage.TokensSinceAsync(TenantId, TenantQuota.DayStart(now)),
                await usage.TokensSinceAsync(TenantId, TenantQuota.MonthStart(now)));
        }
        if (quota is { IsCompletedSuccessfully: true })
        {
            quota.Result.Wake();
        }
    }

    private Task<TenantQuota> QuotaAsync() =>
        _quota is { IsFaulted: false, IsCanceled: false } quota ? quota : _quota = SeedAsync();

    private async Task<TenantQuota> SeedAsync()
    {
        var now = time.GetUtcNow();
        var quota = new TenantQuota(time);
        quota.Seed(await usage.TokensSinceAsync(TenantId, TenantQuota.DayStart(now)),
            await usage.TokensSinceAsync(TenantId, TenantQuota.MonthStart(now)),
            await sessions.CountAsync(TenantId));
        return quota;
    }
}
