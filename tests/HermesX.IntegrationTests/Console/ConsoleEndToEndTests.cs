using HermesX.IntegrationTests.Clients;
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
        // The screenshots of docs/operations.md are refreshed only when asked; an ordinary run leaves the checkout as it was.
        var screenshots = Environment.GetEnvironmentVariable("HERMES_UPDATE_SCREENSHOTS") == "1"
            ? RepositoryFiles.PathOf(Path.Combine("docs", "screenshots"))
            : Path.Combine(Path.GetTempPath(), "hermesx-console-screenshots");
        var run = await NodeScript.RunAsync(RepositoryFiles.PathOf("webui"), "e2e/console.e2e.mjs", new Dictionary<string, string>
        {
            ["HERMESX_URL"] = fixture.Cluster.First.BaseAddress.ToString(),
            ["HERMESX_ACP_TOKEN"] = HermesCluster.AcpToken,
            ["FAKE_LLM_URL"] = fixture.Chat.Llm.BaseUrl,
            ["SCREENSHOTS"] = screenshots,
        }, TimeSpan.FromMinutes(6));
        var output = run.Output;
        Assert.True(run.ExitCode == 0, $"console end-to-end run failed (exit {run.ExitCode}):\n{output}\n--- silo ---\n{Tail(fixture.Cluster.First.Output)}");
        Assert.Contains(" passed, 0 failed", output);
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
