using Npgsql;

namespace HermesX.Grains.Store;

/// <summary>
/// A transaction-local setting (the tenant, or a key hash) that <see cref="TenantDb"/> hands to the
/// transaction's first statement instead of sending it alone: RLS sees it, and it costs no extra
/// round trip. Statements run through <see cref="SqlExtensions"/>; until one does, the setting is
/// not made, so a statement sent any other way sees no tenant and RLS refuses it (fails closed).
/// </summary>
public sealed record DeferredSetting(string Name, string Value)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NpgsqlTransaction, DeferredSetting> s_pending = new();

    public static void Defer(NpgsqlTransaction tx, string name, string value) => s_pending.AddOrUpdate(tx, new DeferredSetting(name, value));

    /// <summary>The setting still to be made in <paramref name="tx"/>, once.</summary>
    public static DeferredSetting? Take(NpgsqlTransaction tx) => s_pending.TryGetValue(tx, out var s) && s_pending.Remove(tx) ? s : null;
}

/// <summary>Small helpers that keep store code to one line per statement.</summary>
public static class SqlExtensions
{
    public static NpgsqlCommand Command(this NpgsqlConnection conn, NpgsqlTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return cmd;
    }

    public static async Task<int> ExecuteAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        if (DeferredSetting.Take(tx) is { } setting)
        {
            await using var batch = Batch(conn, tx, setting, sql, args);
            await batch.ExecuteNonQueryAsync(ct);
            return batch.BatchCommands[1].RecordsAffected;
        }
        await using var cmd = conn.Command(tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<List<T>> QueryAsync<T>(this NpgsqlConnection conn, NpgsqlTransaction tx, string sql, Func<NpgsqlDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        var setting = DeferredSetting.Take(tx);
        await using var batch = setting is null ? null : Batch(conn, tx, setting, sql, args);
        await using var cmd = setting is null ? conn.Command(tx, sql, args) : null;
        await using var reader = batch is not null ? await batch.ExecuteReaderAsync(ct) : await cmd!.ExecuteReaderAsync(ct);
        if (batch is not null)
        {
            // The first result is set_config's.
            await reader.NextResultAsync(ct);
        }
        var list = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(map(reader));
        }
        return list;
    }

    /// <summary>The deferred <c>set_config</c> and the statement, in one round trip.</summary>
    private static NpgsqlBatch Batch(NpgsqlConnection conn, NpgsqlTransaction tx, DeferredSetting setting, string sql, (string Name, object? Value)[] args)
    {
        var batch = new NpgsqlBatch(conn, tx);
        var set = new NpgsqlBatchCommand("SELECT set_config($1, $2, true)");
        set.Parameters.Add(new NpgsqlParameter { Value = setting.Name });
        set.Parameters.Add(new NpgsqlParameter { Value = setting.Value });
        batch.BatchCommands.Add(set);
        var statement = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in args)
        {
            statement.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        batch.BatchCommands.Add(statement);
        return batch;
    }

    public static T? GetNullable<T>(this NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
