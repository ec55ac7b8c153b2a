namespace HermesX.Grains.Abstractions.Tenants;

/// <summary>
/// The single counter of one tenant's quotas (key: tenant id): token budgets, sessions against
/// max_sessions and concurrent streams per user. One activation in the cluster, so checks and counts
/// are exact whichever silo takes the request. The limits are the tenant's record as its
/// <see cref="ITenantGrain"/> last said; that grain tells this one of every change.
/// </summary>
[Alias("hermesx.ITenantQuotaGrain")]
public interface ITenantQuotaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Admits a turn against the tenant's quotas: token budgets (reserving the turn's expected cost),
    /// a new session against max_sessions, a stream against the user's concurrent streams. What an
    /// admitted turn holds is counted until <see cref="ReleaseAsync"/>; nothing is counted for a
    /// refused turn. While the budget left is reserved by running turns, the call waits and is
    /// answered when a release makes room; <see cref="QuotaDecision.Wait"/> means none did in time.
    /// </summary>
    [Alias("AdmitTurn")]
    Task<QuotaDecision> AdmitTurnAsync(string userId, bool newSession, bool stream, CancellationToken ct = default);

    /// <summary>A session created outside a turn: counted against max_sessions, refused once a budget is spent.</summary>
    [Alias("AdmitSession")]
    Task<QuotaDecision> AdmitSessionAsync();

    /// <summary>
    /// A stream slot alone, against the user's concurrent streams: what a stream whose turn is admitted without one (a resumable
    /// chat stream, whose turn runs as a run) holds while it is written. Ended by <see cref="ReleaseAsync"/> with no tokens.
    /// </summary>
    [Alias("AdmitStream")]
    Task<QuotaDecision> AdmitStreamAsync(string userId);

    /// <summary>Charges a finished turn's tokens, hands back its reservation and ends its stream slot, if it had one.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string userId, bool stream, long tokens, long reservation);

    /// <summary>A session of the tenant was deleted: it no longer counts against max_sessions.</summary>
    [Alias("SessionDeleted")]
    Task SessionDeletedAsync();

    /// <summary>
    /// The tenant's record changed (plan, limits, deletion, restore) and every silo has dropped its copy:
    /// turns waiting for budget look again. <paramref name="purged"/>: the tenant's data is gone, and its
    /// counts go with it. <paramref name="tokenBudget"/>: the changed record limits tokens, so the
    /// counter takes its windows' counts from the usage rows (turns of a tenant without a budget are not
    /// counted as they run). The record is passed, not read back, because the tenant grain awaits this call.
    /// </summary>
    [Alias("TenantChanged")]
    Task TenantChangedAsync(bool purged, bool tokenBudget);
}
