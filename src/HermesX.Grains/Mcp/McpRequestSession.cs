using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Tools;
using ModelContextProtocol.Client;

namespace HermesX.Grains.Mcp;

/// <summary>A turn's connections to its request's MCP servers: their tools, what listing them showed, and the items their calls leave.</summary>
public sealed class McpRequestSession : IAsyncDisposable
{
    public static McpRequestSession None { get; } = new([]);

    private readonly Server[] _servers;

    internal McpRequestSession(Server[] servers)
    {
        _servers = servers;
        Tools = [.. servers.SelectMany(s => s.Tools)];
        Listings = [.. servers.Select(s => s.Listing)];
    }

    /// <summary>Every offered tool of every server.</summary>
    public IReadOnlyList<IServerTool> Tools { get; }

    /// <summary>One <c>mcp_list_tools</c> item per server, in the request's order.</summary>
    public IReadOnlyList<McpItem> Listings { get; }

    public McpTool? Find(string name) => Tools.Count == 0 ? null : Tools.OfType<McpTool>().FirstOrDefault(t => t.Name == name);

    /// <summary>
    /// The <c>mcp_call</c> item of a run call, named after the model's tool-call id so a replay from its receipt names the same
    /// item. The error kind is read from what the model was told (<see cref="McpTool"/>'s wording), as a receipt keeps nothing else.
    /// </summary>
    public static McpItem CallItem(McpTool tool, ToolCall call, ToolOutcome outcome)
    {
        if (outcome.Status == "success")
        {
            return new McpItem(McpItemTypes.Call, "mcp_" + call.Id, tool.Origin.Label, Name: tool.ToolName, ArgumentsJson: call.ArgumentsJson, Output: outcome.Output);
        }
        var error = outcome.Output.StartsWith("error: ", StringComparison.Ordinal) ? outcome.Output["error: ".Length..] : outcome.Output;
        var kind = error.StartsWith(McpTool.ErrorAnswerPrefix(tool.Origin.Label), StringComparison.Ordinal) ? McpItemTypes.ToolExecutionError : McpItemTypes.ProtocolError;
        return new McpItem(McpItemTypes.Call, "mcp_" + call.Id, tool.Origin.Label, Name: tool.ToolName, ArgumentsJson: call.ArgumentsJson,
            Error: error, ErrorKind: kind);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            if (server.Client is { } client)
            {
                await McpClients.CloseAsync(client);
            }
        }
    }

    internal sealed record Server(McpClient? Client, IReadOnlyList<McpTool> Tools, McpItem Listing);
}
