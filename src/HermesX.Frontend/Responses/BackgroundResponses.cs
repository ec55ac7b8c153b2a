using HermesX.Frontend.Auth;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Errors;
using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Responses;

/// <summary>
/// Responses with <c>background: true</c>: the turn is handed to its run's grain (<see cref="IResponseRunGrain"/>) and the
/// POST answers at once; GET reports the run until its response is stored, cancel stops it, and a run created with
/// <c>stream: true</c> can be streamed again from any event on (<c>?stream=true&amp;starting_after=N</c>).
/// </summary>
public static class BackgroundResponses
{
    public static IResponseRunGrain Run(IGrainFactory grains, Caller caller, string id) =>
        grains.Reference<IResponseRunGrain>(RunKey.For(caller.TenantId!, id));

    /// <summary>Records and starts the run; a resent Idempotency-Key finds the run it started.</summary>
    public static Task<RunSnapshot> StartAsync(IGrainFactory grains, Caller caller, string id, string sessionId, TurnRequest request, bool stream) =>
        SiloGone.RetryAsync(() => Run(grains, caller, id).StartAsync(new RunStart(sessionId, request with
        {
            Response = request.Response! with { Background = true, Stream = stream },
            // The POST's own audit row says it was accepted; the run has no request to answer when it ends.
            Audit = null,
            // The run may be taken up again after its first answer committed: the session must look for it.
            NewSessionId = false,
        })));

    /// <summary>The run as it stands, or null when there is none the caller may see (a resumable chat stream's run is no response).</summary>
    public static Task<RunSnapshot?> GetAsync(IGrainFactory grains, Caller caller, string id) =>
        ChatRunId.Is(id) ? Task.FromResult<RunSnapshot?>(null)
        : SiloGone.RetryAsync(() => Run(grains, caller, id).GetAsync(caller.Subject, caller.IsTenantAdmin));

    public static Task<RunCancellation> CancelAsync(IGrainFactory grains, Caller caller, string id) =>
        ChatRunId.Is(id) ? Task.FromResult(new RunCancellation(null))
        : SiloGone.RetryAsync(() => Run(grains, caller, id).CancelAsync(caller.Subject, caller.IsTenantAdmin));

    public static ResponsesWire Wire(RunSnapshot run) => new(run.Id, run.SessionId, run.Model, run.RequestJson, run.CreatedAt);

    /// <summary>The response object of a run that has no stored response (yet): queued, in progress, failed or cancelled.</summary>
    public static ResponseObject View(RunSnapshot run) =>
        run.Error is { } error
            ? Wire(run).Response(null, (TurnErrors.Http(error.Kind).Code, error.Message))
            : Wire(run).Response(null, null, run.Status);

    /// <summary>Why a run's stream cannot be read again: null when it can.</summary>
    public static ApiErrorResult? StreamRefusal(RunSnapshot run) =>
        run.Stream ? null
        : ApiError.BadRequest($"Response '{run.Id}' was not created with 'stream': true, so it has no stream to read again", "stream");

    /// <summary>
    /// Why an ended run's stream cannot be read again because the maintenance run removed its events past their
    /// retention window (an ended streamed run always keeps at least its last event until then): null when it can.
    /// </summary>
    /// <param name="first">The run's first page of events, read after <paramref name="run"/>.</param>
    public static ApiErrorResult? ExpiredRefusal(RunSnapshot run, RunEventPage? first) =>
        RunStatus.IsEnded(run.Status) && first is { Events.Count: 0 }
            ? ApiError.Create(StatusCodes.Status410Gone, $"The stream of response '{run.Id}' is no longer stored: a run's events are kept for " +
                "HERMES_RUN_EVENTS_RETENTION_HOURS after it ended. GET it without 'stream' for its result", "stream_expired", "stream")
            : null;

    /// <summary>The answer to cancelling a run that had ended otherwise (OpenAI refuses these too).</summary>
    public static ApiErrorResult? CancelRefusal(RunSnapshot run) => run.Status switch
    {
        RunStatus.Completed => ApiError.BadRequest($"Cannot cancel a completed response ('{run.Id}')", "response_id"),
        RunStatus.Failed => ApiError.BadRequest($"Cannot cancel a failed response ('{run.Id}')", "response_id"),
        _ => null,
    };
}
