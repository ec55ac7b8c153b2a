using System.Data.Common;
using HermesX.Grains.Store;
using HermesX.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.TestingHost;

namespace HermesX.Tests.Grains;

/// <summary>An Orleans test cluster (two silos) whose grains use a real, migrated Postgres database.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    // TestingHost builds silo configurators by type, so the connection string travels in a static.
    private static string? s_connectionString;

    public TestCluster Cluster { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using (var source = NpgsqlDataSource.Create(Database.ServiceConnectionString))
        {
            await new Migrator(source, NullLogger<Migrator>.Instance).MigrateAsync();
        }
        s_connectionString = Database.ServiceConnectionString;
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // Reminders (a deleted tenant's purge) live in the same database, as in the service.
            DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
            siloBuilder.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = s_connectionString!;
            });
            siloBuilder.ConfigureServices(s => s.AddHermesStore(s_connectionString!));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "orleans test cluster";
}
