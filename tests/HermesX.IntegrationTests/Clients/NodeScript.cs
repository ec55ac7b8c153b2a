using System.Diagnostics;
using System.Text.Json;
using HermesX.IntegrationTests.Observability;

namespace HermesX.IntegrationTests.Clients;

/// <summary>What a Node script printed and how it ended.</summary>
public sealed record NodeRun(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    /// <summary>The script's findings: the last stdout line, a JSON object.</summary>
    public JsonElement Result()
    {
        var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.True(ExitCode == 0 && last is not null, $"node exited {ExitCode}:\n{Output}");
        return JsonDocument.Parse(last!).RootElement.Clone();
    }
}

/// <summary>Runs a Node script of the repository with the given environment, killing it after a limit.</summary>
public static class NodeScript
{
    public static async Task<NodeRun> RunAsync(string workingDirectory, string script, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var psi = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        using var node = Process.Start(psi)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await node.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {limit}:\n{await stdout}{await stderr}");
        }
        return new NodeRun(node.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// A script of tests/clients, whose npm packages scripts/test.sh installs, against a silo:
    /// HERMES_BASE_URL (the silo's /v1), HERMES_ROOT_URL (the silo), HERMES_API_KEY, HERMES_MODEL.
    /// </summary>
    public static Task<NodeRun> ClientAsync(string script, Uri silo, string apiKey, string model, IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>
        {
            ["HERMES_ROOT_URL"] = silo.ToString().TrimEnd('/'),
            ["HERMES_BASE_URL"] = new Uri(silo, "/v1").ToString(),
            ["HERMES_API_KEY"] = apiKey,
            ["HERMES_MODEL"] = model,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        return RunAsync(RepositoryFiles.PathOf(Path.Combine("tests", "clients")), script, env, TimeSpan.FromMinutes(2));
    }
}
