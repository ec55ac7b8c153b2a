using HermesX.Testing;

namespace HermesX.IntegrationTests.Console;

/// <summary>One silo serving a small console build (an index page and a hashed asset) from SAAS_STATIC_DIR.</summary>
public sealed class StaticConsoleFixture : IAsyncLifetime
{
    public const string IndexMarker = "<title>HermesX console fixture</title>";
    public const string AssetPath = "/assets/index-3f9a1c2b.js";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "hermesx-console-" + Guid.NewGuid().ToString("N")[..8]);

    public HermesCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "assets"));
        await File.WriteAllTextAsync(Path.Combine(Directory, "index.html"),
            $"<!doctype html><html><head>{IndexMarker}<script type=\"module\" src=\"{AssetPath}\"></script></head><body><div id=\"root\"></div></body></html>");
        await File.WriteAllTextAsync(Path.Combine(Directory, AssetPath.TrimStart('/')), "console.log('console');");
        await File.WriteAllTextAsync(Path.Combine(Directory, "config.js"), "window.HERMESX_CONFIG = {};");
        // The dashboard on too: its routes must not be shadowed by the console's fallback.
        Cluster = await HermesCluster.StartAsync(1, new Dictionary<string, string> { ["SAAS_STATIC_DIR"] = Directory, ["HERMES_DASHBOARD_ENABLED"] = "true" });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
