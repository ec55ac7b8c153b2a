using System.Diagnostics;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Cluster;

/// <summary>The hermesx executable's commands and its refusal to start on bad configuration.</summary>
public sealed class CommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(string args, IReadOnlyDictionary<string, string?> env)
    {
        var psi = new ProcessStartInfo(SiloProcess.Executable, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "DATABASE_URL", "HERMES_ACP_TOKEN", "HERMES_ENV" })
        {
            psi.Environment.Remove(name);
        }
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        // Ports that nothing else uses, in case a start-up check passes further than expected.
        psi.Environment["SAAS_API_PORT"] = Ports.Free().ToString();
        psi.Environment["HERMES_API_PORT"] = Ports.Free().ToString();
        psi.Environment["ORLEANS_SILO_PORT"] = Ports.Free().ToString();
        psi.Environment["ORLEANS_GATEWAY_PORT"] = Ports.Free().ToString();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task HelpAndVersionDescribeTheCommands()
    {
        var help = await RunAsync("--help", new Dictionary<string, string?>());
        Assert.Equal(0, help.Code);
        foreach (var command in new[] { "saas-api", "migrate", "version" })
        {
            Assert.Contains(command, help.Out);
        }
        var version = await RunAsync("version", new Dictionary<string, string?>());
        Assert.Equal(0, version.Code);
        Assert.Matches(@"^hermesx \d+\.\d+\.\d+", version.Out);
    }

    [Theory]
    [InlineData(null, "token", "DATABASE_URL")]
    [InlineData("postgres://", "token", "DATABASE_URL")]
    [InlineData("mysql://u:p@h/db", "token", "DATABASE_URL")]
    [InlineData("postgres://u:secretpw@127.0.0.1:1/db?sslmode=bogus", "token", "DATABASE_URL")]
    [InlineData("postgres://u:p@127.0.0.1:1/db", null, "HERMES_ACP_TOKEN")]
    public async Task MissingOrMalformedRequiredSettingStopsStartUpNamingIt(string? url, string? token, string variable)
    {
        var (code, _, err) = await RunAsync("saas-api", new Dictionary<string, string?> { ["DATABASE_URL"] = url, ["HERMES_ACP_TOKEN"] = token });
        Assert.Equal(2, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(variable, line);
        Assert.DoesNotContain("secretpw", line);
    }

    [Theory]
    [InlineData("HERMES_SHUTDOWN_DRAIN_SECONDS", "soon", "HERMES_SHUTDOWN_DRAIN_SECONDS must be an integer between 0 and 300")]
    [InlineData("HERMES_MAX_ITERATIONS", "5000", "HERMES_MAX_ITERATIONS must be an integer between 1 and 1000")]
    [InlineData("HERMES_DEBUG", "verbose", "HERMES_DEBUG must be true or false")]
    public async Task ABadOptionalSettingStopsStartUpWithOneLineNamingIt(string variable, string value, string problem)
    {
        var (code, _, err) = await RunAsync("saas-api", new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = "postgres://u:p@127.0.0.1:1/db",
            ["HERMES_ACP_TOKEN"] = "token",
            [variable] = value,
        });
        Assert.Equal(2, code);
        Assert.Equal("hermesx: configuration error: " + problem, Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task ProductionRefusesASuperuserDatabaseRole()
    {
        await using var db = await TestDatabase.CreateAsync();
        var superUrl = TestDatabase.AdminUrl;
        var (code, _, err) = await RunAsync("saas-api", new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = superUrl,
            ["HERMES_ACP_TOKEN"] = new string('t', 40),
            ["HERMES_ENV"] = "production",
            ["SAAS_ALLOWED_ORIGINS"] = "https://console.example.test",
        });
        Assert.Equal(2, code);
        Assert.Contains("DATABASE_URL", err);
        Assert.Contains("superuser", err);
    }

    [Fact]
    public async Task ProductionRefusesWildcardCors()
    {
        var (code, _, err) = await RunAsync("saas-api", new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = "postgres://u:p@127.0.0.1:1/db",
            ["HERMES_ACP_TOKEN"] = new string('t', 40),
            ["HERMES_ENV"] = "production",
            ["SAAS_ALLOWED_ORIGINS"] = "*",
        });
        Assert.Equal(2, code);
        Assert.Contains("SAAS_ALLOWED_ORIGINS", err);
    }

    [Fact]
    public async Task MigrateAppliesPendingMigrationsThenReportsUpToDate()
    {
        await using var db = await TestDatabase.CreateAsync();
        var env = new Dictionary<string, string?> { ["DATABASE_URL"] = db.Url };
        var first = await RunAsync("migrate", env);
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("applied migrations", first.Out);
        var second = await RunAsync("migrate", env);
        Assert.Equal(0, second.Code);
        Assert.Contains("up to date", second.Out);
    }
}
