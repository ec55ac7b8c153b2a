using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Audit;
using HermesX.Grains.Auth;
using HermesX.Grains.Caching;
using HermesX.Grains.Store;
using Microsoft.Extensions.Logging;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Audit;

namespace HermesX.Grains.Tenants;

/// <summary>
/// Owns one tenant's record; every silo reads a copy (<see cref="SiloCache"/>) that each change drops
/// everywhere before it is acknowledged. A deleted tenant keeps a reminder until its purge has run,
/// so the purge survives the loss of any silo. Quotas are counted apart, by <see cref="TenantQuotaGrain"/>,
/// which this grain tells of every change.
/// </summary>
[GrainType("tenant")]
public sealed class TenantGrain(
    TenantStore store, ApiKeyStore keys, AuditStore audit,
    IEnumerable<ITenantDataHolder> holders, GovernanceOptions governance, SiloCachePush push, TimeProvider time, ILogger<TenantGrain> logger)
    : Grain, ITenantGrain, IRemindable
{
    public const string PurgeReminder = "purge";

    /// <summary>
    /// A purge waits this long past its time, so that audit and usage records of requests answered
    /// just before the deletion (written off the request path within milliseconds) are in Postgres
    /// and go with the rest.
    /// </summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    /// <summary>Reminders are re-armed at least daily: long timers are not something to rely on.</summary>
    private static readonly TimeSpan MaxReminderDue = TimeSpan.FromDays(1);

    /// <summary>A purge that failed (e.g. the object store is down) is retried this often.</summary>
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromHours(1);

    // A task, not a value: a load in flight is shared, and one that finishes late never overwrites
    // what a change has set since.
    private Task<TenantRecord?>? _record;

    private string TenantId => this.GetPrimaryKeyString();

    async Task<TenantRecord?> ITenantGrain.GetAsync() => await LoadAsync();

    async Task<TenantRecord?> ITenantGrain.CreateAsync(TenantChanges settings)
    {
        var name = settings.Name ?? throw new ArgumentException("A new tenant needs a name", nameof(settings));
        var plan = settings.Plan ?? TenantPlans.Free;
        var now = time.GetUtcNow();
        var record = new TenantRecord(TenantId, name, plan,
            settings.RateLimitRpm ?? TenantPlans.DefaultRateLimitRpm(plan),
            settings.MaxSessions ?? TenantPlans.DefaultMaxSessions(plan),
            settings.ConfigJson ?? "{}", now, now, null,
            settings.DailyTokenBudget, settings.MonthlyTokenBudget, settings.MaxStreamsPerUser, null, settings.Models?.Models,
            settings.DailyBudgetUsd?.Usd, settings.MonthlyBudgetUsd?.Usd, settings.UserDailyBudgetUsd?.Usd);
        var inserted = await store.InsertAsync(record);
        if (inserted is null)
        {
            return null;
        }
        _record = Task.FromResult<TenantRecord?>(inserted);
        if (settings.ChangesSpendBudgets)
        {
            // A tenant id used before (and purged) may still have a spend grain counting from its old rows.
            await GrainFactory.GetGrain<ITenantSpendGrain>(TenantId).BudgetsChangedAsync();
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
            Models = changes.Models is { } models ? models.Models : current.Models,
            DailyBudgetUsd = changes.DailyBudgetUsd is { } day ? day.Usd : current.DailyBudgetUsd,
            MonthlyBudgetUsd = changes.MonthlyBudgetUsd is { } month ? month.Usd : current.MonthlyBudgetUsd,
            UserDailyBudgetUsd = changes.UserDailyBudgetUsd is { } user ? user.Usd : current.UserDailyBudgetUsd,
            ToolsRequiringApproval = changes.ToolsRequiringApproval is { } approval ? approval.Tools : current.ToolsRequiringApproval,
        };
        var updated = await store.UpdateAsync(next);
        _record = updated is null ? null : Task.FromResult<TenantRecord?>(updated);
        await ChangedAsync();
        if (updated is not null && changes.ChangesSpendBudgets)
        {
            // Calls of a tenant without USD budgets are not counted as they run: a new budget starts from the usage rows.
            await GrainFactory.GetGrain<ITenantSpendGrain>(TenantId).BudgetsChangedAsync();
        }
        return updated;
    }

    async Task<TenantRecord?> ITenantGrain.DeleteAsync()
    {
        var deleted = await store.SoftDeleteAsync(TenantId, governance.GracePeriod);
        _record = null;
        if (deleted is null)
        {
            return null;
        }
        _record = Task.FromResult<TenantRecord?>(deleted);
        await ChangedAsync();
        await SchedulePurgeAsync(deleted);
        // Cached key resolutions must not outlive the tenant.
        await InvalidateKeysAsync(await keys.ListHashesAsync(TenantId));
        return deleted;
    }

    async Task<TenantRecord?> ITenantGrain.RestoreAsync()
    {
        var restored = await store.RestoreAsync(TenantId);
        _record = null;
        if (restored is null)
        {
            return null;
        }
        _record = Task.FromResult<TenantRecord?>(restored);
        await ChangedAsync();
        await CancelPurgeAsync();
        return restored;
    }

    Task<bool> ITenantGrain.PurgeIfDueAsync() => PurgeIfDueAsync();

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PurgeReminder)
        {
            await PurgeIfDueAsync();
        }
    }

    private async Task<bool> PurgeIfDueAsync()
    {
        // Fresh from Postgres: another silo's activation may have restored or purged it.
        var current = await store.GetAsync(TenantId);
        _record = Task.FromResult(current);
        if (current is not { DeletedAt: not null, PurgeAfter: { } purgeAfter })
        {
            await CancelPurgeAsync();
            return false;
        }
        if (purgeAfter + SettleTime > time.GetUtcNow())
        {
            await SchedulePurgeAsync(current);
            return false;
        }

        var hashes = await keys.ListHashesAsync(TenantId);
        var erased = new Dictionary<string, string>();
        foreach (var holder in holders)
        {
            erased[holder.Name] = (await holder.EraseAsync(TenantId, CancellationToken.None)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (table, rows) in await store.PurgeAsync(TenantId))
        {
            erased[table] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        _record = Task.FromResult<TenantRecord?>(null);
        await ChangedAsync(purged: true);
        await InvalidateKeysAsync(hashes);
        await CancelPurgeAsync();
        logger.LogInformation("Purged tenant {TenantId}: {Erased}", TenantId, erased);
        // The platform keeps a record that the purge happened; nothing of the tenant's own data.
        erased["tenant_id"] = TenantId;
        await audit.AppendAsync(TenantDb.PlatformTenantId,
            [new AuditEntry(TenantDb.PlatformTenantId, "hermesx", "reminder", "PURGE tenant", 200, 0, null, null, null, null, erased)]);
        return true;
    }

    private async Task SchedulePurgeAsync(TenantRecord deleted)
    {
        var until = (deleted.PurgeAfter ?? time.GetUtcNow()) + SettleTime - time.GetUtcNow();
        var due = until < TimeSpan.Zero ? TimeSpan.Zero : until > MaxReminderDue ? MaxReminderDue : until;
        await this.RegisterOrUpdateReminder(PurgeReminder, due, RetryPeriod);
    }

    private async Task CancelPurgeAsync()
    {
        if (await this.GetReminder(PurgeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task InvalidateKeysAsync(IEnumerable<string> hashes)
    {
        foreach (var hash in hashes)
        {
            await GrainFactory.GetGrain<IApiKeyGrain>(hash).InvalidateAsync();
        }
    }

    private Task<TenantRecord?> LoadAsync() =>
        _record is { IsFaulted: false, IsCanceled: false } record ? record : _record = store.GetAsync(TenantId);

    /// <summary>
    /// The record changed: every silo forgets its copy, then the quota counter hears of it, so the turns it
    /// wakes read the new limits. A counter that cannot be told still reads them on its next admission.
    /// </summary>
    private async Task ChangedAsync(bool purged = false)
    {
        await push.TenantChangedAsync(TenantId);
        var tokenBudget = !purged && (await LoadAsync())?.HasTokenBudget == true;
        try
        {
            await SiloGone.RetryAsync(async () =>
            {
                await GrainFactory.Reference<ITenantQuotaGrain>(TenantId).TenantChangedAsync(purged, tokenBudget);
                return true;
            });
        }
        catch (Exception e) when (SiloGone.Is(e) || e is TimeoutException)
        {
            logger.LogWarning("Tenant {TenantId}: its quota counter was not told of the change ({Error}); turns waiting for budget wake at the next release, and a purge's counts go when that grain is collected",
                TenantId, e.GetType().Name);
        }
    }
}
