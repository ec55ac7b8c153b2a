using HermesX.Testing;

namespace HermesX.Deploy.Tests.Scripts;

/// <summary>
/// scripts/run.sh stopped as a developer stops it: a plain `kill` of the script (SIGTERM to its pid
/// only) or Ctrl-C (SIGINT to the terminal's foreground group). Either way it ends promptly, and
/// with it every process it started — hermesx, the fake LLM, Postgres, Redis, the S3 server — and
/// every port they listened on. It runs with its own state directory and ports, so all of those
/// are its own.
/// </summary>
[Collection(RunScript.Collection)]
public sealed class RunScriptStopTests
{
    private const string MarkerVariable = "HERMES_RUN_SH_TEST_RUN";

    private static readonly string[] _portVariables =
    [
        "HERMES_PG_PORT", "HERMES_REDIS_PORT", "HERMES_S3_PORT", "HERMES_FAKE_LLM_PORT",
        "SAAS_API_PORT", "HERMES_API_PORT", "ORLEANS_SILO_PORT", "ORLEANS_GATEWAY_PORT",
    ];

    /// <summary>What run.sh starts, by the kernel's process names (15 characters at most).</summary>
    private static readonly string[] _expected = ["hermesx", "postgres", "redis-server", "node", "HermesX.FakeLlm"];

    [Theory]
    [InlineData("TERM", false, 143)]
    [InlineData("INT", true, 130)]
    public async Task ASignalStopsRunShAndEverythingItStartedPromptly(string signal, bool toGroup, int exitCode)
    {
        var marker = Guid.NewGuid().ToString("N");
        var state = Directory.CreateTempSubdirectory("hermesx-runsh-");
        var console = Directory.CreateTempSubdirectory("hermesx-runsh-console-");
        await File.WriteAllTextAsync(Path.Combine(console.FullName, "index.html"), "<!doctype html><title>console</title>");
        var ports = _portVariables.ToDictionary(v => v, _ => Ports.Free());
        var environment = ports.ToDictionary(p => p.Key, p => p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        environment["HERMES_RUN_DIR"] = state.FullName;
        // A console of its own: run.sh then builds none.
        environment["SAAS_STATIC_DIR"] = console.FullName;
        // Every process run.sh starts inherits it, daemons included: that is how they are found again.
        environment[MarkerVariable] = marker;

        using var run = RunScript.Start(environment);
        try
        {
            Assert.True(await run.WaitForAsync(RunScript.ReadyLine), $"run.sh did not bring the API up:\n{Tail(run.Output)}");
            var started = StartedProcesses(marker, ports.Values);
            Assert.True(_expected.All(started.ContainsValue), $"expected {string.Join(", ", _expected)} among what run.sh started, found {string.Join(", ", started.Values)}");
            Assert.All(ports, p => Assert.True(TakenPorts.IsListening(p.Value), $"{p.Key} {p.Value} is not listening"));

            await run.SignalAsync(signal, toGroup);

            Assert.True(await run.ExitsWithinAsync(TimeSpan.FromSeconds(45)), $"run.sh still runs 45 s after SIG{signal}:\n{Tail(run.Output)}");
            Assert.Equal(exitCode, run.Process.ExitCode);
            var left = StartedProcesses(marker, ports.Values);
            Assert.True(left.Count == 0, $"still running after run.sh exited: {string.Join(", ", left.Select(p => $"{p.Value} ({p.Key})"))}");
            Assert.All(ports, p => Assert.False(TakenPorts.IsListening(p.Value), $"{p.Key} {p.Value} still listens after run.sh exited"));
        }
        finally
        {
            await run.StopAsync();
            KillAll(StartedProcesses(marker, ports.Values).Keys);
            state.Delete(recursive: true);
            console.Delete(recursive: true);
            var socketDir = $"/tmp/hermesx-pgsock-0-{ports["HERMES_PG_PORT"]}";
            if (Directory.Exists(socketDir))
            {
                Directory.Delete(socketDir, recursive: true);
            }
        }
    }

    /// <summary>
    /// Live processes whose environment holds the run's marker, and those listening on its ports
    /// (Redis rewrites its process title over its environment), by pid, with their names.
    /// </summary>
    private static Dictionary<int, string> StartedProcesses(string marker, IEnumerable<int> ports)
    {
        var found = new Dictionary<int, string>();
        var entry = $"{MarkerVariable}={marker}";
        var sockets = ListeningSockets(ports.ToHashSet());
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains(entry) || HoldsAny(dir, sockets))
                {
                    found[pid] = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
        return found;
    }

    /// <summary>"socket:[inode]" of every listening TCP socket on one of <paramref name="ports"/>.</summary>
    private static HashSet<string> ListeningSockets(HashSet<int> ports)
    {
        var sockets = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.Exists(table) ? File.ReadLines(table).Skip(1) : [])
            {
                // sl local_address rem_address st … inode: "0: 0100007F:1F90 00000000:0000 0A … 12345"
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f[3] == "0A" && ports.Contains(Convert.ToInt32(f[1].Split(':')[1], 16)))
                {
                    sockets.Add($"socket:[{f[9]}]");
                }
            }
        }
        return sockets;
    }

    private static bool HoldsAny(string processDir, HashSet<string> sockets) =>
        sockets.Count > 0 && Directory.EnumerateFileSystemEntries(Path.Combine(processDir, "fd"))
            .Any(fd => new FileInfo(fd).LinkTarget is { } target && sockets.Contains(target));

    private static void KillAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    private static string Tail(string output) => output.Length <= 6000 ? output : output[^6000..];
}
