using HermesX.Grains.Abstractions.Sessions;
using Orleans.Concurrency;

namespace HermesX.Grains.Abstractions.Runs;

/// <summary>
/// One background run of the Responses API (key: <c>{tenantId}/{responseId}</c>, see <see cref="RunKey"/>):
/// its turn runs in its session's grain, this grain starts it, takes it up again on another silo when
/// the one it ran on died (woken by its reminder or by the next request), records how it ended, and
/// serves its status and its stored events to readers on any silo.
/// </summary>
[Alias("hermesx.IResponseRunGrain")]
public interface IResponseRunGrain : IGrainWithStringKey
{
    /// <summary>Records the run (queued) and starts it; a run that exists already (a resent Idempotency-Key) is only reported, unless <see cref="RunStart.RetryEnded"/> says to start one that did not complete again.</summary>
    [Alias("Start")]
    Task<RunSnapshot> StartAsync(RunStart start);

    /// <summary>The run as it stands, or null when there is none the caller may see.</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<RunSnapshot?> GetAsync(string userId, bool callerIsTenantAdmin);

    /// <summary>Cancels the run: recorded first, then its turn is stopped before its next model or tool call.</summary>
    [AlwaysInterleave, Alias("Cancel")]
    Task<RunCancellation> CancelAsync(string userId, bool callerIsTenantAdmin);

    /// <summary>The run's stored events after <paramref name="afterSeq"/> (oldest first), or null when there is no run the caller may see.</summary>
    [AlwaysInterleave, Alias("ReadEvents")]
    Task<RunEventPage?> ReadEventsAsync(string userId, bool callerIsTenantAdmin, int afterSeq);

    /// <summary>
    /// The run's approval requests passed their deadline unanswered (recorded as timed out): a run in requires_action
    /// continues its turn, the calls denied. Nothing happens for a run in any other state.
    /// </summary>
    [Alias("ApprovalsTimedOut")]
    Task ApprovalsTimedOutAsync();
}

/// <summary>The one place run grain keys are built and read.</summary>
public static class RunKey
{
    public static string For(string tenantId, string responseId) => $"{tenantId}/{responseId}";

    public static (string TenantId, string ResponseId) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}

/// <summary>Statuses of a run, as the Responses API names them.</summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>
    /// The run's turn stopped before tool calls that need a person's approval: it is continued by a response that decides
    /// them (previous_response_id), or, once their deadline passes, by the run itself with the calls denied.
    /// </summary>
    public const string RequiresAction = "requires_action";

    public static bool IsEnded(string status) => status is Completed or Failed or Cancelled;

    /// <summary>Whether the run's turn is not running: ended, or waiting for approvals (its stream has nothing more to say for now).</summary>
    public static bool IsStopped(string status) => IsEnded(status) || status == RequiresAction;
}

/// <summary>
/// What starting a background run needs: its session and the turn (whose <see cref="ResponseTurn.Stream"/> says whether its
/// events are kept for streaming). With <paramref name="RetryEnded"/>, a run of the same id that failed or was cancelled
/// is started again with this turn, as a resent Idempotency-Key runs a chat turn again that did not complete.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.RunStart")]
public sealed record RunStart(
    [property: Id(0)] string SessionId,
    [property: Id(1)] TurnRequest Request,
    [property: Id(2)] bool RetryEnded = false);

/// <summary>A run as it stands: what its response object shows while it has no stored response yet.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.RunSnapshot")]
public sealed record RunSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string Status,
    [property: Id(3)] string Model,
    [property: Id(4)] string RequestJson,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] bool Stream,
    [property: Id(7)] TurnError? Error = null,
    [property: Id(8)] TurnResult? Result = null);

/// <summary>What a cancel request found: the run now cancelled (or already), one that ended otherwise, or none.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.RunCancellation")]
public sealed record RunCancellation([property: Id(0)] RunSnapshot? Run);

/// <summary>A page of a run's stored events; <see cref="Ended"/> once the run has ended (its last event is among them or before).</summary>
[GenerateSerializer, Immutable, Alias("hermesx.RunEventPage")]
public sealed record RunEventPage(
    [property: Id(0)] IReadOnlyList<RunEvent> Events,
    [property: Id(1)] bool Ended);

/// <summary>One stored event of a run, numbered from 0 in the order it was recorded.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.RunEvent")]
public sealed record RunEvent([property: Id(0)] int Seq, [property: Id(1)] TurnEvent Event);
