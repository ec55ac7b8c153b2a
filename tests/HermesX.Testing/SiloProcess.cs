using System.Diagnostics;
using System.Text;

namespace HermesX.Testing;

/// <summary>
/// A real <c>hermesx saas-api</c> process (Kestrel + Orleans silo), started from the build output
/// with its own ports. Several of them with the same cluster id form one cluster.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, string name, int apiPort, int dataPort, int siloPort)
    {
        _process = process;
        Name = name;
        ApiPort = apiPort;
        DataPort = dataPort;
        SiloPort = siloPort;
    }

    public string Name { get; }
    public int ApiPort { get; }
    public int DataPort { get; }
    public int SiloPort { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{ApiPort}");
    public Uri DataPlaneAddress => new($"http://127.0.0.1:{DataPort}");
    public bool HasExited => _process.HasExited;
    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "hermesx");

    /// <summary>Starts the process and waits until /health/ready answers 200.</summary>
    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        // Ports are picked before the process binds them; another process can win that race, so a
        // start that fails on a taken port is tried again with new ones.
        for (var attempt = 1; ; attempt++)
        {
            var silo = Launch(name, environment);
            try
            {
                await silo.WaitReadyAsync(TimeSpan.FromSeconds(90));
                return silo;
            }
            catch (InvalidOperationException) when (attempt < 4 && silo.Output.Contains("already in use", StringComparison.OrdinalIgnoreCase))
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static SiloProcess Launch(string name, IReadOnlyDictionary<string, string> environment)
    {
        var (api, data, silo, gateway) = (Ports.Free(), Ports.Free(), Ports.Free(), Ports.Free());
        var psi = new ProcessStartInfo(Executable, "saas-api")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }
        psi.Environment["SAAS_API_PORT"] = api.ToString();
        psi.Environment["HERMES_API_PORT"] = data.ToString();
        psi.Environment["ORLEANS_SILO_PORT"] = silo.ToString();
        psi.Environment["ORLEANS_GATEWAY_PORT"] = gateway.ToString();
        psi.Environment["HERMES_INSTANCE_ID"] = name;
        psi.Environment["POD_IP"] = "127.0.0.1";

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var result = new SiloProcess(process, name, api, data, silo);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    public HttpClient CreateClient(string? bearer = null, bool dataPlane = false)
    {
        var client = new HttpClient { BaseAddress = dataPlane ? DataPlaneAddress : BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        }
        return client;
    }

    /// <summary>SIGTERM, as Kubernetes does, then wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM without waiting for the exit: the drain can be watched while it runs.</summary>
    public Task TerminateAsync() => SignalAsync("-TERM");

    /// <summary>Waits for the process to exit by itself.</summary>
    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>SIGSTOP, then SIGCONT after <paramref name="pause"/>: the process freezes as in a long GC or a throttled container.</summary>
    public async Task PauseAsync(TimeSpan pause)
    {
        await SignalAsync("-STOP");
        try
        {
            await Task.Delay(pause);
        }
        finally
        {
            await SignalAsync("-CONT");
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString()]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>SIGKILL: the silo vanishes without telling the cluster.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        KeepProblems();
    }

    /// <summary>
    /// The test command sets HERMES_TEST_SILO_LOG_DIR: the warnings and errors each silo logged are
    /// kept there, so a failure in CI can be read after the processes are gone.
    /// </summary>
    private void KeepProblems()
    {
        if (Environment.GetEnvironmentVariable("HERMES_TEST_SILO_LOG_DIR") is not { Length: > 0 } dir)
        {
            return;
        }
        var problems = Output.Split('\n').Where(l =>
            l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) ||
            l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) ||
            l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal) ||
            l.StartsWith("Unhandled", StringComparison.Ordinal)).ToList();
        if (problems.Count > 0)
        {
            Directory.CreateDirectory(dir);
            File.AppendAllLines(Path.Combine(dir, $"{Name}.log"), problems);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"hermesx {Name} exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var r = await http.GetAsync("/health/ready");
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a busy machine.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"hermesx {Name} was not ready within {limit}:\n{Output}");
    }
}
