using Npgsql;

namespace HermesX.Deploy.Tests.Backup;

/// <summary>
/// A fresh database on the server named by HERMES_TEST_PG_ADMIN_URL (a superuser URL), holding
/// one FORCE ROW LEVEL SECURITY table with two tenants' rows, dropped again afterwards.
/// </summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    public const string AdminUrlVariable = "HERMES_TEST_PG_ADMIN_URL";

    private readonly string _adminUrl;

    private ThrowawayDatabase(string adminUrl, string name)
    {
        _adminUrl = adminUrl;
        Name = name;
        Url = PostgresUrl.With(adminUrl, name);
    }

    public string Name { get; }

    /// <summary>The superuser's URL for this database, as backup.sh/restore.sh take it.</summary>
    public string Url { get; }

    public static async Task<ThrowawayDatabase> CreateAsync()
    {
        var adminUrl = Environment.GetEnvironmentVariable(AdminUrlVariable);
        if (string.IsNullOrWhiteSpace(adminUrl))
        {
            throw new InvalidOperationException(
                $"{AdminUrlVariable} is not set. The backup/restore tests need a PostgreSQL superuser URL, " +
                "e.g. postgres://postgres:secret@127.0.0.1:5432/postgres");
        }

        var database = new ThrowawayDatabase(adminUrl, $"hermesx_backup_test_{Guid.NewGuid():N}");
        await database.ExecuteOnServerAsync($"CREATE DATABASE {database.Name}");
        await database.ExecuteAsync("""
            CREATE TABLE items (id int PRIMARY KEY, tenant_id text NOT NULL, body text NOT NULL);
            ALTER TABLE items ENABLE ROW LEVEL SECURITY;
            ALTER TABLE items FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON items
              USING (tenant_id = current_setting('app.current_tenant', true));
            INSERT INTO items VALUES (1, 'tenant-a', 'alpha'), (2, 'tenant-b', 'beta'), (3, 'tenant-b', 'gamma');
            """);
        return database;
    }

    /// <summary>Rows, policies and RLS flags in one string: equal fingerprints mean an unchanged database.</summary>
    public async Task<string> FingerprintAsync()
    {
        await using var connection = await OpenAsync(PostgresUrl.ToConnectionString(Url));
        await using var command = new NpgsqlCommand("""
            SELECT concat_ws(' / ',
              (SELECT string_agg(format('%s|%s|%s', id, tenant_id, body), ',' ORDER BY id) FROM items),
              (SELECT string_agg(policyname || ':' || qual, ',' ORDER BY policyname) FROM pg_policies WHERE tablename = 'items'),
              (SELECT relrowsecurity::text || relforcerowsecurity::text FROM pg_class WHERE oid = 'items'::regclass),
              (SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'))
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync(PostgresUrl.ToConnectionString(Url));
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL on the admin database (roles, databases).</summary>
    public async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = await OpenAsync(PostgresUrl.ToConnectionString(_adminUrl));
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() =>
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
