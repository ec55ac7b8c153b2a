using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>
/// A <c>redis-server</c> process this test owns, so it can stop Redis under running silos and start
/// it again on the same port. Other tests use the suite's Redis (<see cref="SuiteUrl"/>).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>The Redis the test command started for the whole suite.</summary>
    public static string SuiteUrl =>
        Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException(
                "REDIS_URL is not set: run the tests through scripts/test.sh, which starts Redis and exports it");

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(Ports.Free());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts redis-server on <see cref="Port"/> (empty, no persistence) and waits for PONG.</summary>
    public async Task RestartAsync()
    {
        var psi = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            psi.ArgumentList.Add(arg);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start (is it on PATH?)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ApiHelpers.PollAsync(PingAsync, TimeSpan.FromSeconds(20), $"redis-server on port {Port} answering PING");
    }

    /// <summary>SIGKILL: Redis vanishes under the silos without closing anything politely.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task<bool> PingAsync()
    {
        if (_process is not { HasExited: false })
        {
            throw new InvalidOperationException($"redis-server on port {Port} exited with {_process?.ExitCode}");
        }
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
