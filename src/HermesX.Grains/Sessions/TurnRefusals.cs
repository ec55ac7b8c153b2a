using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Sessions;

/// <summary>
/// The turn errors of a refused admission — a token quota or a USD budget — with the seconds until
/// the refusing budget frees up, so every model call (a turn's, an embeddings call's) is refused alike.
/// </summary>
internal static class TurnRefusals
{
    public static TurnError Quota(QuotaDecision decision, TimeProvider time) => new(TurnErrorKind.QuotaExceeded,
        decision.Message + (decision.ResetsAt is { } r ? $" (resets at {r:yyyy-MM-ddTHH:mm:ssZ})" : ""), decision.Quota,
        RetryAfterSeconds: SecondsUntil(decision.ResetsAt, time) ?? (decision.Wait ? 1 : null));

    public static TurnError Budget(SpendDecision decision, TimeProvider time) =>
        new(TurnErrorKind.BudgetExceeded, decision.Message!, decision.Budget, SecondsUntil(decision.ResetsAt, time));

    private static int? SecondsUntil(DateTimeOffset? at, TimeProvider time) =>
        at is { } t ? Math.Max(1, (int)Math.Ceiling((t - time.GetUtcNow()).TotalSeconds)) : null;
}
