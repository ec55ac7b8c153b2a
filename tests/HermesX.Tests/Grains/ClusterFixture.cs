using System.Data.Common;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Store;
using HermesX.Grains.Webhooks;
using HermesX.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.TestingHost;

namespace HermesX.Tests.Grains;

/// <summary>An Orleans test cluster (two silos) whose grains use a real, migrated Postgres database.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>TestingHost builds silo configurators by type; the connection string reaches them as a cluster property (silo configuration).</summary>
    private const string ConnectionStringKey = "HermesTest:ConnectionString";

    public TestCluster Cluster { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using (var source = NpgsqlDataSource.Create(Database.ServiceConnectionString))
        {
            await new Migrator(source, NullLogger<Migrator>.Instance).MigrateAsync();
        }
        var builder = new TestClusterBuilder(2);
        builder.Properties[ConnectionStringKey] = Database.ServiceConnectionString;
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
            var connectionString = siloBuilder.Configuration[ConnectionStringKey]
                ?? throw new InvalidOperationException($"{ConnectionStringKey} is not in the silo's configuration");
            // Reminders (a deleted tenant's purge) live in the same database, as in the service.
            DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
            siloBuilder.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            siloBuilder.ConfigureServices(s => s.AddHermesStore(connectionString).AddHermesWebhooks(new WebhookOptions()));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "orleans test cluster";
}
