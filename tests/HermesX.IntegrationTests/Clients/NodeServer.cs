using System.Diagnostics;
using System.Text.Json;
using HermesX.IntegrationTests.Observability;

namespace HermesX.IntegrationTests.Clients;

/// <summary>
/// A server script of tests/clients run with node: it listens on a free loopback port and prints
/// <c>{"port": N}</c> as its first line; <see cref="Control"/> talks to it there.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly Process _node;

    private NodeServer(Process node, int port)
    {
        _node = node;
        Port = port;
        Control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Control { get; }

    public static async Task<NodeServer> StartAsync(string script)
    {
        var node = Process.Start(new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = RepositoryFiles.PathOf(Path.Combine("tests", "clients")),
            // Held open: a script may end itself when its input ends, i.e. when this test process is gone.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        using var started = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await node.StandardOutput.ReadLineAsync(started.Token)
            ?? throw new InvalidOperationException($"{script} exited: {await node.StandardError.ReadToEndAsync()}");
        return new NodeServer(node, JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32());
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }
        _node.Dispose();
    }
}
