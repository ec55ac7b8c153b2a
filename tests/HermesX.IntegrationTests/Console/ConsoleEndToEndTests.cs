using System.Diagnostics;
using HermesX.IntegrationTests.Observability;
using HermesX.IntegrationTests.Skills;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Console;

/// <summary>One silo (fake LLM, its own bucket, a fresh database) serving the built console (webui/dist).</summary>
public sealed class ConsoleSiloFixture : SkillsFixture
{
    public static string ConsoleDir => RepositoryFiles.PathOf(Path.Combine("webui", "dist"));

    protected override void Configure(Dictionary<string, string> environment) => environment["SAAS_STATIC_DIR"] = ConsoleDir;
}

/// <summary>
/// Runs webui/e2e/console.e2e.mjs (playwright-core driving Debian's chromium) against a real
/// silo: the console's first run, the platform admin's and the tenant admin's journeys. The test
/// command builds the console and installs chromium first.
/// </summary>
public sealed class ConsoleEndToEndTests(ConsoleSiloFixture fixture) : IClassFixture<ConsoleSiloFixture>
{
    [Fact]
    public async Task ConsoleJourneysPassInARealBrowser()
    {
        var webui = RepositoryFiles.PathOf("webui");
        var psi = new ProcessStartInfo("node", ["e2e/console.e2e.mjs"])
        {
            WorkingDirectory = webui,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["HERMESX_URL"] = fixture.Cluster.First.BaseAddress.ToString();
        psi.Environment["HERMESX_ACP_TOKEN"] = HermesCluster.AcpToken;
        psi.Environment["FAKE_LLM_URL"] = fixture.Chat.Llm.BaseUrl;
        // The README's screenshots are refreshed only when asked; an ordinary run leaves the checkout as it was.
        psi.Environment["SCREENSHOTS"] = Environment.GetEnvironmentVariable("HERMES_UPDATE_SCREENSHOTS") == "1"
            ? RepositoryFiles.PathOf(Path.Combine("docs", "screenshots"))
            : Path.Combine(Path.GetTempPath(), "hermesx-console-screenshots");
        using var node = Process.Start(psi)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        try
        {
            await node.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout + await stderr;
        Assert.True(node.ExitCode == 0, $"console end-to-end run failed (exit {node.ExitCode}):\n{output}\n--- silo ---\n{Tail(fixture.Cluster.First.Output)}");
        Assert.Contains(" passed, 0 failed", output);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
