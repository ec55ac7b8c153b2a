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
        services.TryAddSingleton(new GroupCommitOptions());
        services.AddSingleton(sp => DataSource(connectionString, sp.GetRequiredService<GroupCommitOptions>().PreparedStatements));
        services.AddSingleton(sp => new TenantDb(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp => new GroupCommitter(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<GroupCommitOptions>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<GroupCommitter>>()));
        // Registered before the silo and the batch writers, so it stops after them and takes their last writes.
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        services.AddSingleton<Migrator>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<BootstrapStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ResponseStore>();
        services.AddSingleton<Runs.RunStore>();
        services.AddSingleton<Approvals.ApprovalStore>();
        services.AddSingleton<Approvals.ApprovalGate>();
        services.AddSingleton<Abstractions.Runs.IRunQueries, Runs.RunQueries>();
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

    /// <summary>How many statement texts each connection keeps prepared: the turn's flush and reads use a handful.</summary>
    public const int PreparedPerConnection = 64;

    /// <summary>
    /// The pool HermesX's own queries use. Every setting HermesX makes is transaction-local
    /// (set_config(..., true) in TenantDb and the flush), so a connection needs no reset when it goes
    /// back to the pool: skipping Npgsql's DISCARD ALL saves a statement per transaction (and keeps
    /// the prepared statements, which DISCARD ALL would drop). Statements run a second time are
    /// prepared (parsed and planned once per connection) unless <paramref name="prepare"/> is off.
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString, bool prepare = true)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.ConnectionStringBuilder.MaxAutoPrepare = prepare ? PreparedPerConnection : 0;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        return builder.Build();
    }
}
