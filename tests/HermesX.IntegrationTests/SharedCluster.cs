using HermesX.Testing;

namespace HermesX.IntegrationTests;

/// <summary>One single-silo HermesX shared by the API test classes (each test makes its own tenants).</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public const string AllowedOrigin = "https://console.example.test";

    public HermesCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await HermesCluster.StartAsync(1, new Dictionary<string, string>
        {
            ["SAAS_ALLOWED_ORIGINS"] = AllowedOrigin,
            ["HERMES_MAX_BODY_BYTES"] = "65536",
            ["HERMES_API_KEY"] = "static-data-plane-key",
        });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "shared single-silo HermesX";
}
