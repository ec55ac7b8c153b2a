using System.Text.Json;
using HermesX.IntegrationTests.Clients;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>tests/clients/mcp-server.mjs, running: an MCP server of the TypeScript SDK with a "reverse" tool that counts its calls.</summary>
public sealed class NodeMcpServer(NodeServer script) : IAsyncDisposable
{
    public string Url { get; } = $"http://127.0.0.1:{script.Port}/mcp";

    public static async Task<NodeMcpServer> StartAsync() => new(await NodeServer.StartAsync("mcp-server.mjs"));

    /// <summary>How often "reverse" ran with <paramref name="text"/>.</summary>
    public async Task<int> CallsAsync(string text)
    {
        var calls = JsonDocument.Parse(await script.Control.GetStringAsync("/_calls")).RootElement.GetProperty("calls");
        return calls.TryGetProperty(text, out var n) ? n.GetInt32() : 0;
    }

    public ValueTask DisposeAsync() => script.DisposeAsync();
}
