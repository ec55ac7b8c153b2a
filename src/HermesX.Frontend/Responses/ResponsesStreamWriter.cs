using System.Text;
using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Responses;

/// <summary>
/// Streams a turn as the Responses API's typed Server-Sent Events, in OpenAI's order: created,
/// in_progress, then per output item (a request's MCP listings and calls as they end: <see cref="ResponsesMcpWire.StreamAsync"/>) added → (content part added → text deltas → text done →
/// part done | arguments delta → arguments done) → item done, and completed (incomplete, or
/// failed followed by error). Every event has its sequence_number; comment heartbeats keep idle
/// proxies from closing the stream while server tools run.
/// </summary>
public sealed class ResponsesStreamWriter
{

    /// <param name="markReplay">Whether a replayed answer (a resent Idempotency-Key) is flagged with a header.</param>
    /// <param name="startingAfter">
    /// Set for a background run's stored stream (<see cref="Runs.RunStreams"/>): the stream starts at once, and its
    /// events numbered up to this one are not sent again (-1: all of them). The events are rendered from the
    /// run's stored ones in the same order every time, so each number names the same event for every reader.
    /// </param>
    public async Task WriteAsync(HttpContext http, IAsyncEnumerable<TurnEvent> events, ResponsesWire wire, bool markReplay = false, int? startingAfter = null)
    {
        var ct = http.RequestAborted;
        await using var e = events.GetAsyncEnumerator(ct);
        var more = false;
        if (startingAfter is null)
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
        var stream = new Stream(http, wire, startingAfter ?? -1);
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = stream.HeartbeatAsync(stopHeartbeat.Token);
        try
        {
            await stream.SendAsync("response.created", w => Lifecycle(w, wire, null, null));
            await stream.SendAsync("response.in_progress", w => Lifecycle(w, wire, null, null));
            if (startingAfter is not null)
            {
                await http.Response.Body.FlushAsync(ct);
                more = await e.MoveNextAsync();
            }
            var text = new StringBuilder();
            var open = false;
            while (more)
            {
                var ev = e.Current;
                if (ev is { Kind: TurnEventKinds.Delta, Text: { Length: > 0 } delta })
                {
                    if (!open)
                    {
                        await stream.OpenMessageAsync();
                        open = true;
                    }
                    text.Append(delta);
                    await stream.DeltaAsync(delta);
                }
                else if (ev is { Kind: TurnEventKinds.McpItem, Mcp: { } item })
                {
                    await stream.McpAsync(item);
                }
                else if (ev is { Kind: TurnEventKinds.Completed, Result: { } result })
                {
                    Audit.AuditMiddleware.WrittenWithTurn(http, result);
                    // Items no event brought (a replayed answer, a background run's stored stream) come with the result.
                    foreach (var unsent in (result.McpItems ?? []).Where(i => !stream.Sent(i)))
                    {
                        await stream.McpAsync(unsent);
                    }
                    if (!open && ResponsesWire.HasMessage(result))
                    {
                        await stream.OpenMessageAsync();
                        open = true;
                        text.Append(result.Content);
                        if (result.Content.Length > 0)
                        {
                            await stream.DeltaAsync(result.Content);
                        }
                    }
                    if (open)
                    {
                        await stream.CloseMessageAsync(text.ToString(), "completed");
                    }
                    for (var i = 0; i < result.ToolCalls.Count; i++)
                    {
                        await stream.CallAsync(i, result.ToolCalls[i]);
                    }
                    foreach (var approval in result.Approvals ?? [])
                    {
                        await stream.ItemAsync(ResponsesWire.ApprovalItem(approval));
                    }
                    // A response waiting for approvals ends its stream as completed, as OpenAI's does; its status says requires_action.
                    var name = result.FinishReason == "length" ? "response.incomplete" : "response.completed";
                    await stream.SendAsync(name, w => Lifecycle(w, wire, result, null));
                }
                else if (ev.Kind == TurnEventKinds.Interrupted)
                {
                    // A background run taken up again: the answer that was streaming ends here, its redo is a new item.
                    if (open)
                    {
                        await stream.CloseMessageAsync(text.ToString(), "incomplete");
                        open = false;
                        text.Clear();
                    }
                }
                else if (ev.Kind == TurnEventKinds.Cancelled)
                {
                    if (open)
                    {
                        await stream.CloseMessageAsync(text.ToString(), "incomplete");
                    }
                    await stream.SendAsync("response.cancelled", w => Lifecycle(w, wire, null, null, "cancelled"));
                    break;
                }
                else if (ev.Error is { } error)
                {
                    var code = TurnErrors.Http(error.Kind).Code;
                    await stream.SendAsync("response.failed", w => Lifecycle(w, wire, null, (code, error.Message)));
                    await stream.SendAsync("error", w =>
                    {
                        w.WriteString("code", code);
                        w.WriteString("message", error.Message);
                        w.WriteString("param", error.Param);
                    });
                    break;
                }
                more = await e.MoveNextAsync();
            }
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }
    }

    private static void Lifecycle(Utf8JsonWriter w, ResponsesWire wire, TurnResult? result, (string, string)? error, string? status = null)
    {
        w.WritePropertyName("response");
        JsonSerializer.Serialize(w, wire.Response(result, error, status), ResponsesJson.Default.ResponseObject);
    }

    /// <summary>
    /// One stream's writer: numbers events, numbers output items in the order they open, and keeps heartbeats from
    /// interleaving with events. The answer's message item has the id the stored response gives it; one that a
    /// background run's restart cut short (closed incomplete) is named after its place instead.
    /// </summary>
    private sealed class Stream(HttpContext http, ResponsesWire wire, int startingAfter)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private int _sequence;
        private int _items;
        private int _messageIndex;
        private string _messageId = wire.MessageId;
        private readonly HashSet<string> _mcpSent = new(StringComparer.Ordinal);

        public async Task OpenMessageAsync()
        {
            _messageIndex = _items++;
            await SendAsync("response.output_item.added", w =>
            {
                w.WriteNumber("output_index", _messageIndex);
                w.WritePropertyName("item");
                JsonSerializer.Serialize<ResponseOutputItem>(w, Message(null, "in_progress"), ResponsesJson.Default.ResponseOutputItem);
            });
            await SendAsync("response.content_part.added", w => Part(w, ""));
        }

        public async Task CloseMessageAsync(string text, string status)
        {
            await SendAsync("response.output_text.done", w => TextEvent(w, "text", text));
            await SendAsync("response.content_part.done", w => Part(w, text));
            await SendAsync("response.output_item.done", w =>
            {
                w.WriteNumber("output_index", _messageIndex);
                w.WritePropertyName("item");
                JsonSerializer.Serialize<ResponseOutputItem>(w, Message(text, status), ResponsesJson.Default.ResponseOutputItem);
            });
            if (status != "completed")
            {
                _messageId = $"{wire.MessageId}_{_items}";
            }
        }

        private ResponseOutputMessage Message(string? text, string status) => wire.MessageItem(text, status) with { Id = _messageId };

        public Task DeltaAsync(string delta) => SendAsync("response.output_text.delta", w => TextEvent(w, "delta", delta));

        private void TextEvent(Utf8JsonWriter w, string field, string text)
        {
            w.WriteString("item_id", _messageId);
            w.WriteNumber("output_index", _messageIndex);
            w.WriteNumber("content_index", 0);
            w.WriteString(field, text);
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
        }

        public bool Sent(McpItem item) => _mcpSent.Contains(item.Id);

        public Task McpAsync(McpItem item)
        {
            _mcpSent.Add(item.Id);
            return ResponsesMcpWire.StreamAsync(item, _items++, SendAsync);
        }

        /// <summary>An item that is whole at once (an approval request): added and done.</summary>
        public async Task ItemAsync(ResponseOutputItem item)
        {
            var outputIndex = _items++;
            foreach (var name in (string[])["response.output_item.added", "response.output_item.done"])
            {
                await SendAsync(name, w =>
                {
                    w.WriteNumber("output_index", outputIndex);
                    w.WritePropertyName("item");
                    JsonSerializer.Serialize(w, item, ResponsesJson.Default.ResponseOutputItem);
                });
            }
        }

        public async Task CallAsync(int callIndex, ToolCall call)
        {
            var outputIndex = _items++;
            var itemId = wire.CallItemId(callIndex);
            await SendAsync("response.output_item.added", w =>
            {
                w.WriteNumber("output_index", outputIndex);
                w.WritePropertyName("item");
                JsonSerializer.Serialize<ResponseOutputItem>(w, wire.CallItem(callIndex, call, "", "in_progress"), ResponsesJson.Default.ResponseOutputItem);
            });
            await SendAsync("response.function_call_arguments.delta", w =>
            {
                w.WriteString("item_id", itemId);
                w.WriteNumber("output_index", outputIndex);
                w.WriteString("delta", call.ArgumentsJson);
            });
            await SendAsync("response.function_call_arguments.done", w =>
            {
                w.WriteString("item_id", itemId);
                w.WriteNumber("output_index", outputIndex);
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.ArgumentsJson);
            });
            await SendAsync("response.output_item.done", w =>
            {
                w.WriteNumber("output_index", outputIndex);
                w.WritePropertyName("item");
                JsonSerializer.Serialize<ResponseOutputItem>(w, wire.CallItem(callIndex, call, call.ArgumentsJson, "completed"), ResponsesJson.Default.ResponseOutputItem);
            });
        }

        private void Part(Utf8JsonWriter w, string text)
        {
            w.WriteString("item_id", _messageId);
            w.WriteNumber("output_index", _messageIndex);
            w.WriteNumber("content_index", 0);
            w.WritePropertyName("part");
            JsonSerializer.Serialize(w, ResponsesWire.TextPart(text), ResponsesJson.Default.ResponseOutputText);
        }

        public async Task SendAsync(string type, Action<Utf8JsonWriter> fields)
        {
            var ct = http.RequestAborted;
            var sequence = _sequence++;
            if (sequence <= startingAfter)
            {
                // Sent to this client before it reconnected.
                return;
            }
            await _gate.WaitAsync(ct);
            try
            {
                var json = ResponsesWire.Write(w =>
                {
                    w.WriteString("type", type);
                    w.WriteNumber("sequence_number", sequence);
                    fields(w);
                });
                await SseFrames.WriteEventAsync(http.Response.Body, json, type, ct);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Comment lines while the model is quiet, under the same lock as the events.</summary>
        public Task HeartbeatAsync(CancellationToken ct) => SseFrames.HeartbeatAsync(http, _gate, ct);
    }
}
