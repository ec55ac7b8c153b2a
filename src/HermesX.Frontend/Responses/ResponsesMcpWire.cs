using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>An <c>mcp_list_tools</c> output item: the tools a request's server listed, or why it could not.</summary>
public sealed record ResponseMcpListTools(string Id, string ServerLabel, IReadOnlyList<ResponseMcpTool> Tools, string? Error) : ResponseOutputItem;

public sealed record ResponseMcpTool(string Name, string? Description, JsonElement InputSchema, JsonElement? Annotations);

/// <summary>An <c>mcp_call</c> output item: one call of a request's server's tool, with its output or its error.</summary>
public sealed record ResponseMcpCall(string Id, string Status, string ServerLabel, string Name, string Arguments, string? Output, JsonElement? Error,
    string? ApprovalRequestId) : ResponseOutputItem;

/// <summary>The MCP items of a turn as OpenAI's Responses API writes them.</summary>
public static class ResponsesMcpWire
{
    /// <summary>JSON-RPC's "internal error": OpenAI's protocol error carries a code, and a timeout or broken answer has no better one.</summary>
    private const int InternalError = -32603;

    public static bool Failed(McpItem item) => item.Error is not null;

    /// <summary>The item as done; <paramref name="inProgress"/> writes an <c>mcp_call</c> as it is while it runs (no output yet).</summary>
    public static ResponseOutputItem Item(McpItem item, bool inProgress = false) => item.Type == McpItemTypes.ListTools
        ? new ResponseMcpListTools(item.Id, item.ServerLabel, inProgress ? [] : [.. (item.Tools ?? []).Select(Tool)], inProgress ? null : item.Error)
        : new ResponseMcpCall(item.Id, inProgress ? "in_progress" : Failed(item) ? "failed" : "completed", item.ServerLabel, item.Name ?? "",
            item.ArgumentsJson ?? "{}", inProgress ? null : item.Output, inProgress ? null : Error(item), null);

    /// <summary>
    /// The events of one item, in OpenAI's order: output_item.added, for a call its arguments (delta, done), then
    /// response.{mcp_list_tools|mcp_call}.in_progress, .completed or .failed, and output_item.done. HermesX sends them once the
    /// listing or call is over, so they follow each other at once.
    /// </summary>
    public static async Task StreamAsync(McpItem item, int outputIndex, Func<string, Action<Utf8JsonWriter>, Task> send)
    {
        var kind = item.Type == McpItemTypes.ListTools ? "response.mcp_list_tools" : "response.mcp_call";
        await send("response.output_item.added", w => Write(w, outputIndex, Item(item, inProgress: true)));
        if (item.Type == McpItemTypes.Call)
        {
            await send("response.mcp_call_arguments.delta", w => Event(w, item, outputIndex).WriteString("delta", item.ArgumentsJson ?? "{}"));
            await send("response.mcp_call_arguments.done", w => Event(w, item, outputIndex).WriteString("arguments", item.ArgumentsJson ?? "{}"));
        }
        await send(kind + ".in_progress", w => Event(w, item, outputIndex));
        await send(kind + (Failed(item) ? ".failed" : ".completed"), w => Event(w, item, outputIndex));
        await send("response.output_item.done", w => Write(w, outputIndex, Item(item)));
    }

    private static Utf8JsonWriter Event(Utf8JsonWriter w, McpItem item, int outputIndex)
    {
        w.WriteString("item_id", item.Id);
        w.WriteNumber("output_index", outputIndex);
        return w;
    }

    private static void Write(Utf8JsonWriter w, int outputIndex, ResponseOutputItem item)
    {
        w.WriteNumber("output_index", outputIndex);
        w.WritePropertyName("item");
        JsonSerializer.Serialize(w, item, ResponsesJson.Default.ResponseOutputItem);
    }

    private static ResponseMcpTool Tool(McpListedTool t) =>
        new(t.Name, t.Description, Parse(t.InputSchemaJson), t.AnnotationsJson is { } a ? Parse(a) : null);

    /// <summary>
    /// OpenAI's error object: <c>mcp_tool_execution_error</c> with the server's answer as content when it answered with an error,
    /// else <c>mcp_protocol_error</c> with a code and the message.
    /// </summary>
    private static JsonElement? Error(McpItem item) => item.Error is not { } message ? null
        : item.ErrorKind == McpItemTypes.ToolExecutionError
            ? JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["type"] = item.ErrorKind, ["content"] = new[] { new Dictionary<string, string> { ["type"] = "text", ["text"] = message } },
            })
            : JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["type"] = McpItemTypes.ProtocolError, ["code"] = InternalError, ["message"] = message });

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
