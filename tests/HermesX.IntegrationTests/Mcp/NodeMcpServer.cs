using System.Diagnostics;
using System.Text.Json;
using HermesX.IntegrationTests.Observability;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>tests/clients/mcp-server.mjs, running: an MCP server of the TypeScript SDK with a "reverse" tool that counts its calls.</summary>
public sealed class NodeMcpServer : IAsyncDisposable
{
    private readonly Process _node;
    private readonly HttpClient _control;

    private NodeMcpServer(Process node, int port)
    {
        _node = node;
        Url = $"http://127.0.0.1:{port}/mcp";
        _control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Url { get; }

    public static async Task<NodeMcpServer> StartAsync()
    {
        var psi = new ProcessStartInfo("node", ["mcp-server.mjs"])
        {
            WorkingDirectory = RepositoryFiles.PathOf(Path.Combine("tests", "clients")),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var node = Process.Start(psi)!;
        using var started = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await node.StandardOutput.ReadLineAsync(started.Token)
            ?? throw new InvalidOperationException($"MCP server exited: {await node.StandardError.ReadToEndAsync()}");
        return new NodeMcpServer(node, JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32());
    }

    /// <summary>How often "reverse" ran with <paramref name="text"/>.</summary>
    public async Task<int> CallsAsync(string text)
    {
        var calls = JsonDocument.Parse(await _control.GetStringAsync("/_calls")).RootElement.GetProperty("calls");
        return calls.TryGetProperty(text, out var n) ? n.GetInt32() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }
        _node.Dispose();
    }
}
