using Orleans.Concurrency;

namespace HermesX.Grains.Abstractions.Sessions;

/// <summary>
/// One conversation (key: <c>{tenantId}/{sessionId}</c>, see <see cref="SessionKey"/>). Holds the
/// agent loop and the history. Not reentrant: turns run one after the other wherever they came from.
/// </summary>
[Alias("hermesx.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Runs one turn to its end and returns once its messages are durable, or the error that stopped it.</summary>
    [Alias("RunTurn")]
    Task<TurnOutcome> RunTurnAsync(TurnRequest request, CancellationToken ct = default);

    /// <summary>
    /// Runs one turn of a background run (<see cref="ResponseTurn.Background"/>) to its end, continuing from its committed
    /// steps when it ran before. A run may take far longer than an ordinary call is given.
    /// </summary>
    [Alias("RunBackgroundTurn"), ResponseTimeout("06:00:00")]
    Task<TurnOutcome> RunBackgroundTurnAsync(TurnRequest request, CancellationToken ct = default);

    /// <summary>Runs one turn, yielding text deltas and tool events; the last event is Completed or Error.</summary>
    [Alias("StreamTurn")]
    IAsyncEnumerable<TurnEvent> StreamTurnAsync(TurnRequest request, CancellationToken ct = default);

    /// <summary>The user who owns the conversation (set as soon as its first turn is admitted), or null when it does not exist.</summary>
    [AlwaysInterleave, Alias("Owner")]
    Task<string?> OwnerAsync();

    /// <summary>Cancels the running turn, if any; its partial answer is kept.</summary>
    [AlwaysInterleave, Alias("Abort")]
    Task<bool> AbortAsync();

    /// <summary>
    /// Creates the conversation for <paramref name="userId"/> (after the tenant admits one more
    /// session): nothing when it exists already, an error when the tenant's session quota is used up.
    /// </summary>
    [Alias("Create")]
    Task<SessionCreation> CreateAsync(string userId, string? title, string? model);

    /// <summary>A stored response of this conversation, or null when it is unknown or the caller may not see it.</summary>
    [AlwaysInterleave, Alias("GetResponse")]
    Task<StoredResponse?> GetResponseAsync(string responseId, string userId, bool callerIsTenantAdmin);

    /// <summary>Deletes a stored response (the conversation's messages stay); false when there was none the caller may see.</summary>
    [Alias("DeleteResponse")]
    Task<bool> DeleteResponseAsync(string responseId, string userId, bool callerIsTenantAdmin);

    /// <summary>Forgets the conversation: deletes its messages and deactivates.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}

/// <summary>The one place session grain keys are built and read.</summary>
public static class SessionKey
{
    public static string For(string tenantId, string sessionId) => $"{tenantId}/{sessionId}";

    public static (string TenantId, string SessionId) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
