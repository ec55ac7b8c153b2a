using Orleans.Concurrency;

namespace HermesX.Grains.Abstractions.Tenants;

/// <summary>
/// The single owner of one tenant's record (key: tenant id). Postgres is the source of truth; the
/// grain caches the record so that every silo reads the same value without a database round trip.
/// </summary>
[Alias("hermesx.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Returns the tenant, or null when it does not exist (a soft-deleted tenant is returned with DeletedAt set).</summary>
    [Alias("Get")]
    Task<TenantRecord?> GetAsync();

    /// <summary>Creates the tenant; returns null when a tenant with this id already exists.</summary>
    [Alias("Create")]
    Task<TenantRecord?> CreateAsync(string name, string plan, int? rateLimitRpm, int? maxSessions, string configJson);

    /// <summary>Applies the non-null changes; returns null when the tenant does not exist or is deleted.</summary>
    [Alias("Update")]
    Task<TenantRecord?> UpdateAsync(TenantChanges changes);

    /// <summary>
    /// Soft-deletes the tenant: its credentials stop working at once (a tenant admin's may still read
    /// the deletion status, export and restore), and every row and object of it is purged once the
    /// grace period (HERMES_GDPR_GRACE_DAYS) has passed. Returns the deleted record, or null when the
    /// tenant is unknown or already deleted.
    /// </summary>
    [Alias("Delete")]
    Task<TenantRecord?> DeleteAsync();

    /// <summary>Cancels a pending purge; returns the active record, or null when the tenant is not pending deletion.</summary>
    [Alias("Restore")]
    Task<TenantRecord?> RestoreAsync();

    /// <summary>Purges the tenant when it is deleted and its purge time has passed; true when it purged.</summary>
    [Alias("PurgeIfDue")]
    Task<bool> PurgeIfDueAsync();

    /// <summary>
    /// Admits a turn against the tenant's quotas: token budgets (reserving the turn's expected cost),
    /// a new session against max_sessions, a stream against the user's concurrent streams. What an
    /// admitted turn holds is counted until <see cref="ReleaseAsync"/>; nothing is counted for a
    /// refused turn. While the budget left is reserved by running turns, the call waits and is
    /// answered when a release makes room; <see cref="QuotaDecision.Wait"/> means none did in time.
    /// It interleaves with the grain's other calls, since the releases it waits for must get in.
    /// </summary>
    [Alias("AdmitTurn"), AlwaysInterleave]
    Task<QuotaDecision> AdmitTurnAsync(string userId, bool newSession, bool stream, CancellationToken ct = default);

    /// <summary>A session created outside a turn: counted against max_sessions, refused once a budget is spent.</summary>
    [Alias("AdmitSession")]
    Task<QuotaDecision> AdmitSessionAsync();

    /// <summary>Charges a finished turn's tokens, hands back its reservation and ends its stream slot, if it had one.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string userId, bool stream, long tokens, long reservation);

    /// <summary>A session of the tenant was deleted: it no longer counts against max_sessions.</summary>
    [Alias("SessionDeleted")]
    Task SessionDeletedAsync();
}
