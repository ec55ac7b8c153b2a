using System.Diagnostics;
using System.Text;
using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Scripts;

/// <summary>
/// scripts/run.sh started as a developer starts it, in its own session (setsid: it leads its
/// process group, as a terminal's foreground job does), with its output collected.
/// </summary>
public sealed class RunScript : IDisposable
{
    /// <summary>One run.sh at a time: two would build the same projects at once.</summary>
    public const string Collection = "scripts/run.sh";

    /// <summary>The line run.sh prints once the API answers /health/ready.</summary>
    public const string ReadyLine = "==> HermesX is ready on ";

    // Generous: run.sh may build the fake LLM and hermesx first on a loaded machine.
    private static readonly TimeSpan _startDeadline = TimeSpan.FromMinutes(8);

    /// <summary>Settings a developer's shell may carry that would change what run.sh chooses.</summary>
    private static readonly string[] _cleared =
    [
        "HERMES_FAKE_LLM_PORT", "SAAS_API_PORT", "HERMES_API_PORT", "ORLEANS_SILO_PORT", "ORLEANS_GATEWAY_PORT",
        "HERMES_BIND_ADDRESS", "POD_IP", "HERMES_INSTANCE_ID", "HERMES_DEBUG", "HERMES_PROVIDER", "HERMES_MODEL",
        "HERMES_API_KEY_LLM", "HERMES_BASE_URL", "LLM_API_URL", "LLM_API_KEY", "LLM_MODEL", "DATABASE_URL",
        "SAAS_STATIC_DIR", "HERMES_SHUTDOWN_DRAIN_SECONDS",
    ];

    private readonly StringBuilder _output = new();

    private RunScript(Process process) => Process = process;

    public Process Process { get; }

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

    public static RunScript Start(IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("setsid", ["bash", "scripts/run.sh"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in _cleared)
        {
            start.Environment.Remove(name);
        }

        // Its own cluster, in case it shares the database of a test run's silos.
        start.Environment["ORLEANS_CLUSTER_ID"] = $"runsh-{Guid.NewGuid():N}";
        start.Environment["HERMES_ACP_TOKEN"] = $"runsh-{Guid.NewGuid():N}";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var run = new RunScript(new Process { StartInfo = start });
        run.Process.OutputDataReceived += (_, e) => run.Append(e.Data);
        run.Process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        run.Process.Start();
        run.Process.BeginOutputReadLine();
        run.Process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Polls the output until <paramref name="text"/> shows, run.sh exits or the start deadline passes.</summary>
    public async Task<bool> WaitForAsync(string text)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (Process.HasExited || deadline.Elapsed > _startDeadline)
            {
                return Output.Contains(text, StringComparison.Ordinal);
            }
            await Task.Delay(250);
        }
        return true;
    }

    /// <summary>Sends <paramref name="signal"/> to run.sh's process only, or to its whole group as a terminal's Ctrl-C does.</summary>
    public async Task SignalAsync(string signal, bool group)
    {
        using var kill = Process.Start("kill", group ? [$"-{signal}", "--", $"-{Process.Id}"] : [$"-{signal}", Process.Id.ToString()])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Whether run.sh exits within <paramref name="limit"/>.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>TERM to the whole group and a wait, as a terminal's Ctrl-C would end it; KILL if that fails.</summary>
    public async Task StopAsync()
    {
        if (Process.HasExited)
        {
            return;
        }
        await SignalAsync("TERM", group: true);
        if (!await ExitsWithinAsync(TimeSpan.FromMinutes(2)))
        {
            await SignalAsync("KILL", group: true);
            throw new TimeoutException("run.sh did not stop within two minutes of TERM");
        }
    }

    public void Dispose() => Process.Dispose();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Append(line).Append('\n');
        }
    }
}

[CollectionDefinition(RunScript.Collection)]
public sealed class RunScriptCollection;
