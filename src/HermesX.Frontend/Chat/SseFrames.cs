using System.Buffers;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Chat;

/// <summary>
/// Server-Sent Events framing for the chat and Responses streams. Events are framed by the
/// framework's <see cref="SseFormatter"/> (which also flushes each one); the heartbeat is a comment
/// line, the one frame it cannot write, and every SSE client skips it. Writers hold one lock per
/// response around each frame, so a heartbeat never lands inside an event.
/// </summary>
internal static class SseFrames
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private static readonly byte[] Ping = ": ping\n\n"u8.ToArray();

    /// <summary>Writes one event, with an <c>id:</c> line when <paramref name="id"/> is set; the caller holds the response's lock.</summary>
    public static Task WriteEventAsync(Stream body, ReadOnlyMemory<byte> data, string? eventName, CancellationToken ct, string? id = null) =>
        SseFormatter.WriteAsync(new[] { new SseItem<ReadOnlyMemory<byte>>(data, eventName) { EventId = id } }.ToAsyncEnumerable(), body,
            static (item, writer) => writer.Write(item.Data.Span), ct);

    /// <summary>Writes an SSE comment every <see cref="HeartbeatInterval"/>, taking <paramref name="gate"/> so it never splits an event.</summary>
    public static async Task HeartbeatAsync(HttpContext http, SemaphoreSlim gate, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await gate.WaitAsync(ct);
                try
                {
                    await http.Response.Body.WriteAsync(Ping, ct);
                    await http.Response.Body.FlushAsync(ct);
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Turn over or client gone.
        }
    }
}
