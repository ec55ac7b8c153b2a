using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HermesX.Grains.Store;

/// <summary>
/// Applies the numbered SQL files embedded in this assembly, forward only, each in its own
/// transaction and recorded in <c>schema_migrations</c>. Each of those transactions first takes a
/// transaction-scoped advisory lock and checks the version again, so concurrent instances apply
/// every migration once: the second waits for the first, then finds nothing left to do. The lock is
/// never a session lock, which PgBouncer in transaction mode could take on one server connection and
/// try to release on another.
/// </summary>
public sealed partial class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    // Arbitrary constant shared by every HermesX instance ("HERMESX" in ASCII).
    private const long AdvisoryLockKey = 0x4845524D455358;

    public sealed record Migration(int Version, string Name, string Sql);

    /// <summary>The migrations shipped with this build, in order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    /// <summary>Applies every pending migration; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await LockAsync(conn, tx, ct);
            await ExecAsync(conn, tx, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            await tx.CommitAsync(ct);
        }

        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var done = new List<int>();
        foreach (var m in Embedded.Where(m => !applied.Contains(m.Version)))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await LockAsync(conn, tx, ct);
            await using (var check = new NpgsqlCommand("SELECT count(*) FROM schema_migrations WHERE version = @v", conn, tx))
            {
                check.Parameters.AddWithValue("v", m.Version);
                if ((long)(await check.ExecuteScalarAsync(ct))! > 0)
                {
                    // Another instance applied it while this one waited for the lock.
                    await tx.CommitAsync(ct);
                    continue;
                }
            }
            await ExecAsync(conn, tx, m.Sql, ct);
            await using (var cmd = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@v, @n)", conn, tx))
            {
                cmd.Parameters.AddWithValue("v", m.Version);
                cmd.Parameters.AddWithValue("n", m.Name);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            logger.LogInformation("Applied migration {Version} {Name}", m.Version, m.Name);
            done.Add(m.Version);
        }
        return done;
    }

    private static async Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", conn, tx);
        cmd.Parameters.AddWithValue("k", AdvisoryLockKey);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static List<Migration> LoadEmbedded()
    {
        var asm = typeof(Migrator).Assembly;
        const string prefix = "HermesX.Migrations.";
        var list = new List<Migration>();
        foreach (var resource in asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration file '{file}' is not named NNNN_name.sql");
            }
            using var stream = asm.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (list.Select(m => m.Version).Distinct().Count() != list.Count)
        {
            throw new InvalidOperationException("Two migration files share a version number");
        }
        return list;
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
