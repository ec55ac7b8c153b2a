using HermesX.Frontend.Errors;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HermesX.Frontend.Chat;

/// <summary>
/// Streams a turn as Server-Sent Events: chat.completion.chunk frames, named events for server
/// tools, comment heartbeats while the model thinks, and <c>data: [DONE]</c>.
/// </summary>
public sealed class SseTurnWriter
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    /// <param name="markReplay">Whether a replayed answer (a resent Idempotency-Key) is flagged with a header.</param>
    /// <param name="resumeAfter">
    /// Set for a resumable stream (its run's stored events, <see cref="ResumableChat"/>): every event gets an <c>id:</c>,
    /// its number in the stream, and those numbered up to this one are not sent again (-1: none was sent). The events are
    /// rendered from the run's stored ones in the same order every time, so each number names the same event for every reader.
    /// A resumed stream (from 0 on) begins at once; one read from its start still answers an error before any output as JSON.
    /// </param>
    public async Task WriteAsync(HttpContext http, IAsyncEnumerable<TurnEvent> events, ChatWire wire, bool includeUsage, bool markReplay = false,
        int? resumeAfter = null)
    {
        var ct = http.RequestAborted;
        await using var e = events.GetAsyncEnumerator(ct);
        var resuming = resumeAfter >= 0;
        var more = false;
        if (!resuming)
        {
            if (await StreamStart.FirstAsync(http, e, markReplay) is not { } first)
            {
                return;
            }
            more = first;
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var frames = new Frames(http, resumeAfter);
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = SseFrames.HeartbeatAsync(http, frames.Gate, stopHeartbeat.Token);
        try
        {
            await frames.SendAsync(wire.Delta("assistant", ""), null, ct);
            if (resuming)
            {
                // The headers go out before the run has more to tell.
                await http.Response.Body.FlushAsync(ct);
                more = await e.MoveNextAsync();
            }
            // Whether the answer's text went out as deltas: a run's turn answered from a stored answer stores none.
            var text = false;
            while (more)
            {
                var ev = e.Current;
                switch (ev.Kind)
                {
                    case TurnEventKinds.Delta:
                        text = true;
                        await frames.SendAsync(wire.Delta(null, ev.Text), null, ct);
                        break;
                    case TurnEventKinds.ToolStarted or TurnEventKinds.ToolFinished:
                        await frames.SendAsync(wire.ToolEvent(ev), "hermes." + ev.Kind, ct);
                        break;
                    case TurnEventKinds.Interrupted:
                        text = false;
                        await frames.SendAsync(wire.Interrupted(), "hermes." + ev.Kind, ct);
                        break;
                    case TurnEventKinds.Completed when ev.Result is { } result:
                        Audit.AuditMiddleware.WrittenWithTurn(http, result);
                        if (resumeAfter is not null && !text && result.Content.Length > 0)
                        {
                            await frames.SendAsync(wire.Delta(null, result.Content), null, ct);
                        }
                        await frames.SendAsync(wire.Finish(result), null, ct);
                        if (includeUsage)
                        {
                            await frames.SendAsync(wire.UsageChunk(result), null, ct);
                        }
                        break;
                    case TurnEventKinds.Error when ev.Error is { } error:
                        var (status, code) = TurnErrors.Http(error.Kind);
                        await frames.SendErrorAsync(status, code, error.Message, ct);
                        return;
                }
                more = await e.MoveNextAsync();
            }
            await frames.SendAsync(Done, null, ct);
        }
        catch (Exception ex) when (ErrorHandling.Unavailable(ex) is { } unavailable && !ct.IsCancellationRequested)
        {
            // The stream has begun, so the status is sent: the client gets an error event and the
            // end of the stream, never a connection cut halfway or a stream that stops without an end.
            http.RequestServices.GetRequiredService<ILogger<SseTurnWriter>>().LogWarning(ex, "Streamed turn ended by a failure");
            await frames.SendErrorAsync(503, unavailable.Code, unavailable.Message, ct);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>One response's frames, under one lock (so a heartbeat never lands inside an event), numbered when it is resumable.</summary>
    private sealed class Frames(HttpContext http, int? resumeAfter)
    {
        private int _sequence;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Task SendErrorAsync(int status, string code, string message, CancellationToken ct) =>
            SendAsync(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
                new ApiErrorBody(new ApiErrorDetail(message, ApiError.TypeFor(status), code, null, RequestIds.Get(http))), HermesJson.Options), "error", ct);

        public async Task SendAsync(byte[] json, string? eventName, CancellationToken ct)
        {
            string? id = null;
            if (resumeAfter is { } after)
            {
                var sequence = _sequence++;
                if (sequence <= after)
                {
                    // Sent to this client before it reconnected.
                    return;
                }
                id = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await Gate.WaitAsync(ct);
            try
            {
                await SseFrames.WriteEventAsync(http.Response.Body, json, eventName, ct, id);
            }
            finally
            {
                Gate.Release();
            }
        }
    }
}
