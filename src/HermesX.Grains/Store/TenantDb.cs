using HermesX.Grains.Abstractions.Tenants;
using System.Diagnostics;
using Npgsql;
using HermesX.Grains.Abstractions.Diagnostics;

namespace HermesX.Grains.Store;

/// <summary>
/// The one way HermesX touches Postgres. Tenant data is only reachable inside
/// <see cref="InTenantAsync{T}"/>, which opens a transaction and sets <c>app.current_tenant</c>
/// before anything else runs, so row-level security scopes every statement to that tenant.
/// </summary>
public sealed class TenantDb(NpgsqlDataSource dataSource)
{
    /// <summary>Tenant id used for audit rows of platform-level actions that belong to no tenant.</summary>
    public const string PlatformTenantId = PlatformTenant.Id;

    public delegate Task<T> Work<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> in a transaction scoped to <paramref name="tenantId"/>; commits when it returns.</summary>
    public Task<T> InTenantAsync<T>(string tenantId, string operation, string entity, Work<T> work, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return RunAsync(operation, entity, ct, (conn, tx) =>
        {
            // Sent with the first statement, in the same round trip (SqlExtensions).
            DeferredSetting.Defer(tx, "app.current_tenant", tenantId);
            return work(conn, tx, ct);
        });
    }

    /// <summary>Like <see cref="InTenantAsync{T}"/>, read-only on one consistent snapshot (REPEATABLE READ), for long reads such as an export.</summary>
    public Task<T> SnapshotInTenantAsync<T>(string tenantId, string operation, string entity, Work<T> work, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return RunAsync(operation, entity, ct, async (conn, tx) =>
        {
            await using (var mode = new NpgsqlCommand("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", conn, tx))
            {
                await mode.ExecuteNonQueryAsync(ct);
            }
            await SetAsync(conn, tx, "app.current_tenant", tenantId, ct);
            return await work(conn, tx, ct);
        });
    }

    /// <summary>Read-only transaction that sees every tenant's rows of the tables that allow platform reads.</summary>
    public Task<T> AcrossTenantsAsync<T>(string operation, string entity, Work<T> work, CancellationToken ct = default) =>
        RunAsync(operation, entity, ct, async (conn, tx) =>
        {
            await using (var ro = new NpgsqlCommand("SET TRANSACTION READ ONLY", conn, tx))
            {
                await ro.ExecuteNonQueryAsync(ct);
            }
            await SetAsync(conn, tx, "app.platform_scope", "on", ct);
            return await work(conn, tx, ct);
        });

    /// <summary>Transaction that can read only the api_keys row with this hash (key resolution).</summary>
    public Task<T> ForKeyHashAsync<T>(string keyHash, Work<T> work, CancellationToken ct = default) =>
        RunAsync("resolve", "api_key", ct, (conn, tx) =>
        {
            DeferredSetting.Defer(tx, "app.api_key_hash", keyHash);
            return work(conn, tx, ct);
        });

    /// <summary>Transaction with no tenant set: only tables without tenant data are usable.</summary>
    public Task<T> WithoutTenantAsync<T>(string operation, string entity, Work<T> work, CancellationToken ct = default) =>
        RunAsync(operation, entity, ct, (conn, tx) => work(conn, tx, ct));

    private async Task<T> RunAsync<T>(string operation, string entity, CancellationToken ct, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> body)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            var result = await body(conn, tx);
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            HermesMeter.StoreOperation(operation, entity, Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task SetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string name, string value, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT set_config(@name, @value, true)", conn, tx);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("value", value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

