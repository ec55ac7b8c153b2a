using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Errors;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HermesX.Frontend.Messages;

/// <summary>
/// A streamed turn as Anthropic's events: message_start, ping, content blocks (text deltas, then the
/// client tool calls as tool_use blocks with their input as one input_json_delta), message_delta,
/// message_stop; <c>error</c> when the turn fails after the stream has begun. Pings also keep the
/// connection alive while the model or a server tool is working.
/// </summary>
internal static class MessagesStream
{
    /// <param name="turn">The turn, already advanced to its first event (so a refusal was answered as a plain error).</param>
    public static async IAsyncEnumerable<SseItem<string>> EventsAsync(
        IAsyncEnumerator<TurnEvent> turn, bool more, MessagesWire wire, HttpContext http, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<SseItem<string>>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pump = PumpAsync(turn, more, wire, http, channel.Writer);
        var heartbeat = HeartbeatAsync(channel.Writer, stop.Token);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(ct))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await heartbeat;
            await pump;
        }
    }

    private static async Task PumpAsync(IAsyncEnumerator<TurnEvent> turn, bool more, MessagesWire wire, HttpContext http, ChannelWriter<SseItem<string>> output)
    {
        void Send(byte[] data, string type) => output.TryWrite(new SseItem<string>(System.Text.Encoding.UTF8.GetString(data), type));

        await using var e = turn;
        Exception? failure = null;
        try
        {
            Send(wire.MessageStart(), "message_start");
            Send(MessagesWire.Ping(), "ping");
            var index = 0;
            var textOpen = false;
            void CloseText()
            {
                if (textOpen)
                {
                    Send(MessagesWire.BlockStop(index++), "content_block_stop");
                    textOpen = false;
                }
            }
            while (more)
            {
                var ev = e.Current;
                switch (ev.Kind)
                {
                    case TurnEventKinds.Delta when ev.Text is { Length: > 0 } text:
                        if (!textOpen)
                        {
                            Send(MessagesWire.TextBlockStart(index), "content_block_start");
                            textOpen = true;
                        }
                        Send(MessagesWire.TextDelta(index, text), "content_block_delta");
                        break;
                    case TurnEventKinds.ToolStarted or TurnEventKinds.ToolFinished:
                        // Text before a server tool and text after it are two blocks, as two model calls wrote them.
                        CloseText();
                        Send(MessagesWire.ToolEvent("hermes." + ev.Kind, ev), "hermes." + ev.Kind);
                        break;
                    case TurnEventKinds.Error when ev.Error is { } error:
                        Send(AnthropicErrors.Body(http, Chat.TurnErrors.Http(error.Kind).Status, error.Message), "error");
                        break;
                    case TurnEventKinds.Completed when ev.Result is { } result:
                        Audit.AuditMiddleware.WrittenWithTurn(http, result);
                        if (index == 0 && !textOpen && result.ToolCalls.Count == 0)
                        {
                            Send(MessagesWire.TextBlockStart(index), "content_block_start");
                            textOpen = true;
                        }
                        CloseText();
                        foreach (var call in result.ToolCalls)
                        {
                            Send(MessagesWire.ToolUseBlockStart(index, call), "content_block_start");
                            Send(MessagesWire.InputJsonDelta(index, call.ArgumentsJson), "content_block_delta");
                            Send(MessagesWire.BlockStop(index++), "content_block_stop");
                        }
                        Send(MessagesWire.MessageDelta(result), "message_delta");
                        Send(MessagesWire.MessageStop(), "message_stop");
                        break;
                }
                more = await e.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // Client gone: nobody reads what is left.
        }
        catch (Exception ex) when (ErrorHandling.Unavailable(ex) is { } unavailable && !http.RequestAborted.IsCancellationRequested)
        {
            // The stream has begun: the client gets an error event and the end of the stream, not a cut connection.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MessagesStream)).LogWarning(ex, "Streamed message ended by a failure");
            Send(AnthropicErrors.Body(http, 503, unavailable.Message), "error");
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        output.TryComplete(failure);
    }

    private static async Task HeartbeatAsync(ChannelWriter<SseItem<string>> output, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SseFrames.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                output.TryWrite(new SseItem<string>(System.Text.Encoding.UTF8.GetString(MessagesWire.Ping()), "ping"));
            }
        }
        catch (OperationCanceledException)
        {
            // Stream over or client gone.
        }
    }
}
