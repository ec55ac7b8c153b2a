using System.Globalization;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Runs;
using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Tenants;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Chat;

/// <summary>
/// Resumable Chat Completions streams. A streamed request with an <c>Idempotency-Key</c> runs as a run (<see cref="IResponseRunGrain"/>,
/// the machinery of background responses, named by <see cref="ChatRunId"/>): its events are stored as they come and its stream is
/// read from the store, so a resend with the same key and <c>Last-Event-ID: N</c>, on any silo and also after the silo that ran it
/// died, gets the events after N once each, in order, and follows the rest live. A stream without a key is none of this: it costs
/// no write and no grain call more, and its events carry no id.
/// </summary>
public static class ResumableChat
{
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>The event a resend resumes after: null when the header is absent, an error when it is malformed or cannot be honoured.</summary>
    public static (int? After, ApiErrorResult? Error) LastEventId(HttpContext http, bool stream, bool clientKey)
    {
        var header = http.Request.Headers[LastEventIdHeader].ToString();
        if (header.Length == 0)
        {
            return (null, null);
        }
        if (!stream)
        {
            return (null, Refused("resumes a stream: it is only read with 'stream': true"));
        }
        if (!clientKey)
        {
            return (null, Refused($"resumes the stream of a request sent with an {TurnRetry.KeyHeader}: send the request again with that key"));
        }
        return int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
            ? (after, null)
            : (null, Refused("must be the id of an event of the stream: a whole number from 0"));
    }

    /// <summary>
    /// Starts the stream's run (or finds it started by an earlier send of the key; one that failed or was cancelled runs again, as a
    /// resent key runs a turn again that did not complete) and streams its events after <paramref name="after"/>.
    /// </summary>
    /// <returns>
    /// Written: the stream was answered. Otherwise the error to answer, or neither: the run's events are past their retention window
    /// and the request names no event, so it is answered as any resend of a key (from the answer its session stored).
    /// </returns>
    /// <remarks>
    /// The stream holds one of the user's concurrent stream slots (max_streams_per_user) while it is written, as a stream without
    /// a key does (whose turn takes it; a run's turn takes none): a stream over the limit is refused as that one is, before its run starts.
    /// </remarks>
    public static async Task<(bool Written, ApiErrorResult? Error)> StreamAsync(HttpContext http, IGrainFactory grains, Caller caller,
        TurnKeys keys, TurnRequest request, bool includeUsage, int? after, SseTurnWriter sse)
    {
        var quota = grains.Reference<ITenantQuotaGrain>(caller.TenantId!);
        var slot = await SiloGone.RetryAsync(() => quota.AdmitStreamAsync(caller.Subject), http.RequestAborted);
        if (!slot.Allowed)
        {
            return (false, TurnErrors.Answer(http, new TurnError(TurnErrorKind.QuotaExceeded, slot.Message!, slot.Quota)));
        }
        try
        {
            return await WriteAsync(http, grains, caller, keys, request, includeUsage, after, sse);
        }
        finally
        {
            await ReleaseAsync(quota, caller.Subject);
        }
    }

    /// <summary>Ends the stream's slot. When the quota grain's silo died meanwhile, its counts died with it: nothing is left to end.</summary>
    private static async Task ReleaseAsync(ITenantQuotaGrain quota, string userId)
    {
        try
        {
            await quota.ReleaseAsync(userId, stream: true, tokens: 0, reservation: 0);
        }
        catch (Exception e) when (SiloGone.Is(e) || e is TimeoutException)
        {
            // Its next activation seeds its counts afresh, without this stream.
        }
    }

    private static async Task<(bool Written, ApiErrorResult? Error)> WriteAsync(HttpContext http, IGrainFactory grains, Caller caller,
        TurnKeys keys, TurnRequest request, bool includeUsage, int? after, SseTurnWriter sse)
    {
        var ct = http.RequestAborted;
        var id = ChatRunId.For(caller.Subject, keys.SessionId, keys.Key);
        var run = grains.Reference<IResponseRunGrain>(RunKey.For(caller.TenantId!, id));
        // What the run echoes names the send that started it: a later send finds another and is a replay.
        var attempt = Guid.NewGuid().ToString("N");
        RunSnapshot? snapshot;
        if (after is null)
        {
            snapshot = await SiloGone.RetryAsync(() => run.StartAsync(new RunStart(keys.SessionId, request with
            {
                Response = new ResponseTurn(id, null, Store: false, $$"""{"attempt":"{{attempt}}"}""", DateTimeOffset.UtcNow, Background: true, Stream: true),
                // The run has no request to answer when it ends: the audit row of each send is its own.
                Audit = null,
                // The run may be taken up again after its answer committed: the session must look for it.
                NewSessionId = false,
            }, RetryEnded: true)), ct);
        }
        else if ((snapshot = await SiloGone.RetryAsync(() => run.GetAsync(caller.Subject, caller.IsTenantAdmin), ct)) is null)
        {
            return (false, NoStream());
        }
        // The stream's first page, read once: it shows whether an ended run's events are gone, and it is what the stream starts with.
        var first = await RunStreams.ReadAsync(run, caller, -1, ct);
        if (first is null)
        {
            return (false, NoStream());
        }
        if (RunStatus.IsEnded(snapshot.Status) && first.Events.Count == 0)
        {
            return (false, after is null ? null : ApiError.Create(StatusCodes.Status410Gone,
                "This stream is no longer stored: a stream's events are kept for HERMES_RUN_EVENTS_RETENTION_HOURS after it ended. " +
                $"Send the request without {LastEventIdHeader} for its answer", "stream_expired", LastEventIdHeader));
        }
        if (after is null && !snapshot.RequestJson.Contains(attempt, StringComparison.Ordinal))
        {
            http.Response.Headers[TurnRetry.ReplayedHeader] = "true";
        }
        var wire = new ChatWire(id, snapshot.Model, snapshot.SessionId, snapshot.CreatedAt);
        await sse.WriteAsync(http, RunStreams.FollowAsync(run, caller, first, ct), wire, includeUsage, resumeAfter: after ?? -1);
        return (true, null);
    }

    private static ApiErrorResult Refused(string message) => ApiError.BadRequest($"{LastEventIdHeader} {message}", LastEventIdHeader);

    private static ApiErrorResult NoStream() => ApiError.Create(StatusCodes.Status404NotFound,
        $"No stream was started with this {TurnRetry.KeyHeader} to resume: send the request without {LastEventIdHeader}", "not_found", LastEventIdHeader);
}
