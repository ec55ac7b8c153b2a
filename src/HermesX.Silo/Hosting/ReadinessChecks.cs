using HermesX.Frontend.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Runtime;

namespace HermesX.Silo.Hosting;

/// <summary>Postgres answers a trivial query.</summary>
public sealed class PostgresReadinessCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await using var cmd = db.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException e)
        {
            return HealthApi.Outcome(context, "unreachable: " + (e.SqlState ?? e.GetType().Name));
        }
    }
}

/// <summary>This silo is an Active member of the cluster (per the membership table).</summary>
public sealed class ClusterReadinessCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) => Task.FromResult(
        HealthApi.Outcome(context, oracle.CurrentStatus == SiloStatus.Active ? null : $"silo status is {oracle.CurrentStatus}"));
}
