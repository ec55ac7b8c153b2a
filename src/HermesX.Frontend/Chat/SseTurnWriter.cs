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
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] Ping = ": ping\n\n"u8.ToArray();

    /// <param name="markReplay">Whether a replayed answer (a resent Idempotency-Key) is flagged with a header.</param>
    public async Task WriteAsync(HttpContext http, IAsyncEnumerable<TurnEvent> events, ChatWire wire, bool includeUsage, bool markReplay = false)
    {
        var ct = http.RequestAborted;
        await using var e = events.GetAsyncEnumerator(ct);
        // The first event decides the answer: an error before it is a plain JSON error response.
        Task<bool> first;
        try
        {
            first = e.MoveNextAsync().AsTask();
            await first;
        }
        catch (TurnRejectedException ex)
        {
            await ChatApi.Rejected(http, ex).ExecuteAsync(http);
            return;
        }

        http.Response.StatusCode = 200;
        if (markReplay && first.Result && (e.Current.Result is { Replayed: true } || e.Current.Status == TurnEventKinds.ReplayedStatus))
        {
            http.Response.Headers[TurnRetry.ReplayedHeader] = "true";
        }
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var gate = new SemaphoreSlim(1, 1);
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(http, gate, stopHeartbeat.Token);
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
                        await SendAsync(http, gate, wire.Finish(result), null, ct);
                        if (includeUsage)
                        {
                            await SendAsync(http, gate, wire.UsageChunk(result), null, ct);
                        }
                        break;
                }
                more = await e.MoveNextAsync();
            }
            await RawAsync(http, gate, Done, ct);
        }
        catch (TurnRejectedException ex)
        {
            await SendErrorAsync(http, gate, ex.Status, ex.Code, ex.Message, ct);
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

    /// <summary>Writes an SSE comment every <see cref="HeartbeatInterval"/>, taking <paramref name="gate"/> so it never splits an event.</summary>
    internal static async Task HeartbeatAsync(HttpContext http, SemaphoreSlim gate, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await RawAsync(http, gate, Ping, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Turn over or client gone.
        }
    }

    private static async Task SendAsync(HttpContext http, SemaphoreSlim gate, byte[] json, string? eventName, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var body = http.Response.Body;
            if (eventName is not null)
            {
                await body.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"event: {eventName}\n"), ct);
            }
            await body.WriteAsync("data: "u8.ToArray(), ct);
            await body.WriteAsync(json, ct);
            await body.WriteAsync("\n\n"u8.ToArray(), ct);
            await body.FlushAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task RawAsync(HttpContext http, SemaphoreSlim gate, byte[] bytes, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await http.Response.Body.WriteAsync(bytes, ct);
            await http.Response.Body.FlushAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }
}
