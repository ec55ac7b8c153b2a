using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Abstractions.Usage;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Audit;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Auth;
using HermesX.Grains.Caching;
using HermesX.Grains.Sessions;
using HermesX.Grains.Usage;
using HermesX.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Hosting;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Diagnostics;

namespace HermesX.Grains.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>Registers the Postgres data source, the tenant transaction path and the stores built on it.</summary>
    public static IServiceCollection AddHermesStore(this IServiceCollection services, string connectionString, GovernanceOptions? governance = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(governance ?? new GovernanceOptions());
        services.AddSingleton(_ => DataSource(connectionString));
        services.AddSingleton(sp => new TenantDb(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetService<IStoreObserver>()));
        services.TryAddSingleton(new GroupCommitOptions());
        services.AddSingleton(sp => new GroupCommitter(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<GroupCommitOptions>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<GroupCommitter>>(), sp.GetService<IStoreObserver>()));
        // Registered before the silo and the batch writers, so it stops after them and takes their last writes.
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        services.AddSingleton<Migrator>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<BootstrapStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ResponseStore>();
        services.AddSingleton<UsageStore>();
        services.AddSingleton<TenantExporter>();
        services.AddSingleton<IApiKeyQueries, ApiKeyQueries>();
        services.AddSingleton<ITenantQueries, TenantQueries>();
        services.AddSingleton<IAuditQueries>(sp => sp.GetRequiredService<AuditStore>());
        services.AddSingleton<ISessionQueries>(sp => sp.GetRequiredService<SessionStore>());
        services.AddSingleton<IUsageQueries>(sp => sp.GetRequiredService<UsageStore>());
        // Audit events of every request; stops before the group committer, so its last batch is written.
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddSingleton<SiloCache>();
        services.AddSingleton<ISiloCache>(sp => sp.GetRequiredService<SiloCache>());
        services.AddSingleton<SiloCachePush>();
        services.AddPlacementDirector<SiloPlacement, SiloPlacementDirector>();
        return services;
    }

    /// <summary>
    /// The pool HermesX's own queries use. Every setting HermesX makes is transaction-local
    /// (set_config(..., true) in TenantDb), so a connection needs no reset when it goes back to the
    /// pool: skipping Npgsql's DISCARD ALL saves a statement per transaction.
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
    }
}
