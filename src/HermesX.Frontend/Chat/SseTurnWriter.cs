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
    public async Task WriteAsync(HttpContext http, IAsyncEnumerable<TurnEvent> events, ChatWire wire, bool includeUsage, bool markReplay = false)
    {
        var ct = http.RequestAborted;
        await using var e = events.GetAsyncEnumerator(ct);
        // The first event decides the answer: an error before any output is a plain JSON error response.
        var first = e.MoveNextAsync().AsTask();
        if (await first && e.Current.Error is { } refused)
        {
            await TurnErrors.Answer(http, refused).ExecuteAsync(http);
            return;
        }

        http.Response.StatusCode = 200;
        if (first.Result)
        {
            DeploymentHeader.Set(http, e.Current);
        }
        if (markReplay && first.Result && (e.Current.Result is { Replayed: true } || e.Current.Status == TurnEventKinds.ReplayedStatus))
        {
            http.Response.Headers[TurnRetry.ReplayedHeader] = "true";
        }
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var gate = new SemaphoreSlim(1, 1);
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = SseFrames.HeartbeatAsync(http, gate, stopHeartbeat.Token);
        try
        {
            await SendAsync(http, gate, wire.Delta("assistant", ""), null, ct);
            var more = first.Result;
            while (more)
            {
                var ev = e.Current;
                switch (ev.Kind)
                {
                    case TurnEventKinds.Delta:
                        await SendAsync(http, gate, wire.Delta(null, ev.Text), null, ct);
                        break;
                    case TurnEventKinds.ToolStarted or TurnEventKinds.ToolFinished:
                        await SendAsync(http, gate, wire.ToolEvent(ev), "hermes." + ev.Kind, ct);
                        break;
                    case TurnEventKinds.Completed when ev.Result is { } result:
                        Audit.AuditMiddleware.WrittenWithTurn(http, result);
                        await SendAsync(http, gate, wire.Finish(result), null, ct);
                        if (includeUsage)
                        {
                            await SendAsync(http, gate, wire.UsageChunk(result), null, ct);
                        }
                        break;
                    case TurnEventKinds.Error when ev.Error is { } error:
                        var (status, code) = TurnErrors.Http(error.Kind);
                        await SendErrorAsync(http, gate, status, code, error.Message, ct);
                        return;
                }
                more = await e.MoveNextAsync();
            }
            await SendAsync(http, gate, Done, null, ct);
        }
        catch (Exception ex) when (ErrorHandling.Unavailable(ex) is { } unavailable && !ct.IsCancellationRequested)
        {
            // The stream has begun, so the status is sent: the client gets an error event and the
            // end of the stream, never a connection cut halfway or a stream that stops without an end.
            http.RequestServices.GetRequiredService<ILogger<SseTurnWriter>>().LogWarning(ex, "Streamed turn ended by a failure");
            await SendErrorAsync(http, gate, 503, unavailable.Code, unavailable.Message, ct);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }
    }

    private static Task SendErrorAsync(HttpContext http, SemaphoreSlim gate, int status, string code, string message, CancellationToken ct) =>
        SendAsync(http, gate, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new ApiErrorBody(new ApiErrorDetail(message, ApiError.TypeFor(status), code, null, RequestIds.Get(http))), HermesJson.Options), "error", ct);

    private static async Task SendAsync(HttpContext http, SemaphoreSlim gate, byte[] json, string? eventName, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await SseFrames.WriteEventAsync(http.Response.Body, json, eventName, ct);
        }
        finally
        {
            gate.Release();
        }
    }
}
