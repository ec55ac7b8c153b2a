using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using HermesX.Deploy.Tests.Infrastructure;
using HermesX.Deploy.Tests.Tools;

namespace HermesX.Deploy.Tests.Scripts;

/// <summary>scripts/run.sh as a newcomer runs it, on a machine where the default ports are taken.</summary>
public sealed partial class RunScriptTests
{
    // Generous: run.sh may build the fake LLM and hermesx first on a loaded machine.
    private static readonly TimeSpan _startDeadline = TimeSpan.FromMinutes(8);

    /// <summary>Settings a developer's shell may carry that would change what run.sh chooses.</summary>
    private static readonly string[] _cleared =
    [
        "HERMES_FAKE_LLM_PORT", "SAAS_API_PORT", "HERMES_API_PORT", "ORLEANS_SILO_PORT", "ORLEANS_GATEWAY_PORT",
        "HERMES_BIND_ADDRESS", "POD_IP", "HERMES_INSTANCE_ID", "HERMES_DEBUG", "HERMES_PROVIDER", "HERMES_MODEL",
        "HERMES_API_KEY_LLM", "HERMES_BASE_URL", "LLM_API_URL", "LLM_API_KEY", "LLM_MODEL", "DATABASE_URL",
    ];

    [Fact]
    public async Task RunShMovesOffTakenDefaultPortsPrintsThemAndAnswersThePrintedChatExample()
    {
        using var taken = new TakenPorts(18080, 11111, 30000, 8080);
        var output = new StringBuilder();
        using var run = StartRunScript(output);
        try
        {
            var started = await WaitForAsync(() => Read(output).Contains("Application started", StringComparison.Ordinal), run);
            Assert.True(started, $"run.sh did not bring the API up:\n{Read(output)}");
            var printed = Read(output);

            var ports = PortLine().Matches(printed).ToDictionary(m => m.Groups["var"].Value, m => (Address: m.Groups["address"].Value, Port: int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.NotEqual(18080, ports["HERMES_FAKE_LLM_PORT"].Port);
            Assert.NotEqual(11111, ports["ORLEANS_SILO_PORT"].Port);
            Assert.NotEqual(30000, ports["ORLEANS_GATEWAY_PORT"].Port);
            Assert.NotEqual(8080, ports["SAAS_API_PORT"].Port);
            Assert.All(ports.Values, entry => Assert.Equal("127.0.0.1", entry.Address));
            Assert.Contains($"\"Now listening on: http://127.0.0.1:{ports["SAAS_API_PORT"].Port}\"", printed, StringComparison.Ordinal);

            var chat = await ToolProcess.RunAsync("bash", ["-c", ChatExample(printed)]);

            Assert.True(chat.Succeeded, chat.Describe());
            Assert.Contains("\"object\":\"chat.completion\"", chat.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("\"model\":\"fake-gpt\"", chat.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("Fake reply to: Hello", chat.StandardOutput, StringComparison.Ordinal);
            var logged = await WaitForAsync(() => Read(output).Contains("POST /v1/chat/completions answered 200", StringComparison.Ordinal), run);
            Assert.True(logged, "no request line for the chat");
            var log = Read(output);
            Assert.DoesNotContain("\"LogLevel\":\"Warning\"", log, StringComparison.Ordinal);
            Assert.DoesNotContain("\"LogLevel\":\"Error\"", log, StringComparison.Ordinal);
            Assert.DoesNotContain("\"Category\":\"Polly", log, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(run);
        }

        Assert.Contains("==> fake LLM: stopping", Read(output), StringComparison.Ordinal);
    }

    private static Process StartRunScript(StringBuilder output)
    {
        // setsid: run.sh leads its own process group, so one TERM reaches it and hermesx, as a
        // Ctrl-C in a terminal would.
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
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The lines run.sh prints under "Chat example", as a user would paste them.</summary>
    private static string ChatExample(string printed)
    {
        var lines = printed.Split('\n');
        var start = Array.FindIndex(lines, line => line.StartsWith("Chat example", StringComparison.Ordinal));
        Assert.True(start >= 0, "run.sh printed no chat example");
        var body = lines.Skip(start + 1).SkipWhile(line => !line.StartsWith("  ", StringComparison.Ordinal)).TakeWhile(line => line.Trim().Length > 0);
        return string.Join('\n', body) + "\n";
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, Process run)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (run.HasExited || deadline.Elapsed > _startDeadline)
            {
                return condition();
            }

            await Task.Delay(250);
        }

        return true;
    }

    private static async Task StopAsync(Process run)
    {
        if (run.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", "--", $"-{run.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await run.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            using var kill = Process.Start("kill", ["-KILL", "--", $"-{run.Id}"]);
            await kill.WaitForExitAsync();
            throw new TimeoutException("run.sh did not stop within two minutes of TERM");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    // "  full API               127.0.0.1:8081    SAAS_API_PORT (default 8080)"
    [GeneratedRegex(@"^  \S.*?\s(?<address>[0-9.:]+?):(?<port>\d+)\s+(?<var>[A-Z_]+_PORT) \(default \d+\)", RegexOptions.Multiline)]
    private static partial Regex PortLine();
}
