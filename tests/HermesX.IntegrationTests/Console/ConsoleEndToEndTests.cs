using HermesX.IntegrationTests.Clients;
using HermesX.IntegrationTests.Mcp;
using HermesX.IntegrationTests.Observability;
using HermesX.IntegrationTests.Skills;
using HermesX.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HermesX.IntegrationTests.Console;

/// <summary>
/// One silo (fake LLM, its own bucket, a fresh database) serving the built console (webui/dist), and an MCP
/// server on loopback for the console's MCP page to register (so the silo may call private addresses).
/// </summary>
public sealed class ConsoleSiloFixture : SkillsFixture
{
    public static string ConsoleDir => RepositoryFiles.PathOf(Path.Combine("webui", "dist"));

    public McpTestHost Mcp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Mcp = await McpTestHost.StartMcpAsync(m => m.WithTools<FriendlyTools>());
        await base.InitializeAsync();
    }

    protected override void Configure(Dictionary<string, string> environment)
    {
        environment["SAAS_STATIC_DIR"] = ConsoleDir;
        environment["HERMES_OUTBOUND_ALLOW_PRIVATE"] = "true";
        environment["HERMES_MCP_SECRET_KEY"] = McpFixture.SecretKey;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mcp.DisposeAsync();
    }
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
        var mcpToken = "e2e-mcp-token-" + Guid.NewGuid().ToString("N")[..8];
        var run = await NodeScript.RunAsync(RepositoryFiles.PathOf("webui"), "e2e/console.e2e.mjs", new Dictionary<string, string>
        {
            ["HERMESX_URL"] = fixture.Cluster.First.BaseAddress.ToString(),
            ["HERMESX_ACP_TOKEN"] = HermesCluster.AcpToken,
            ["FAKE_LLM_URL"] = fixture.Chat.Llm.BaseUrl,
            ["SCREENSHOTS"] = screenshots,
            ["MCP_SERVER_URL"] = fixture.Mcp.Url,
            ["MCP_BEARER_TOKEN"] = mcpToken,
        }, TimeSpan.FromMinutes(6));
        var output = run.Output;
        Assert.True(run.ExitCode == 0, $"console end-to-end run failed (exit {run.ExitCode}):\n{output}\n--- silo ---\n{Tail(fixture.Cluster.First.Output)}");
        Assert.Contains(" passed, 0 failed", output);
        // The MCP server the console registered was called with the bearer token typed into its form.
        Assert.NotEqual(0, fixture.Mcp.Calls.Count($"header:Authorization:Bearer {mcpToken}"));
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
