using HermesX.Frontend.Health;
using Npgsql;
using Orleans.Runtime;

namespace HermesX.Silo.Hosting;

/// <summary>Postgres answers a trivial query.</summary>
public sealed class PostgresReadinessCheck(NpgsqlDataSource db) : IReadinessCheck
{
    public string Name => "postgres";
    public bool Required => true;

    public async Task<string?> CheckAsync(CancellationToken ct)
    {
        try
        {
            await using var cmd = db.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(ct);
            return null;
        }
        catch (NpgsqlException e)
        {
            return "unreachable: " + (e.SqlState ?? e.GetType().Name);
        }
    }
}

/// <summary>This silo is an Active member of the cluster (per the membership table).</summary>
public sealed class ClusterReadinessCheck(ISiloStatusOracle oracle) : IReadinessCheck
{
    public string Name => "cluster";
    public bool Required => true;

    public Task<string?> CheckAsync(CancellationToken ct) => Task.FromResult(
        oracle.CurrentStatus == SiloStatus.Active ? null : $"silo status is {oracle.CurrentStatus}");
}
