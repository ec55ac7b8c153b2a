using Npgsql;

namespace HermesX.Testing;

/// <summary>
/// A fresh database owned by the restricted service role, created through the superuser URL that
/// the test command exports. Tests never run the service as a superuser: RLS must really apply.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServiceRole = "hermes_test_svc";
    public const string ServicePassword = "hermes_test_svc";

    private TestDatabase(string name, string adminConnectionString, string port, string host)
    {
        Name = name;
        _host = host;
        AdminConnectionString = adminConnectionString;
        Url = $"postgres://{ServiceRole}:{ServicePassword}@{host}:{port}/{name}?sslmode=disable";
        ServiceConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = host, Port = int.Parse(port), Database = name, Username = ServiceRole, Password = ServicePassword,
            SslMode = SslMode.Disable, Pooling = false,
        }.ConnectionString;
        SuperuserConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    private readonly string _host;

    public string Name { get; }

    /// <summary>The service role's URL through another port of the same host (a proxy in front of Postgres).</summary>
    public string UrlVia(int port) => $"postgres://{ServiceRole}:{ServicePassword}@{_host}:{port}/{Name}?sslmode=disable";

    /// <summary>postgres:// URL for the service role, as DATABASE_URL.</summary>
    public string Url { get; }

    public string ServiceConnectionString { get; }

    /// <summary>Superuser connection to this database, for assertions that must see every row.</summary>
    private string SuperuserConnectionString { get; }

    private string AdminConnectionString { get; }

    public static string AdminUrl =>
        Environment.GetEnvironmentVariable("HERMES_TEST_PG_ADMIN_URL") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException(
                "HERMES_TEST_PG_ADMIN_URL is not set: run the tests through scripts/test.sh, which starts Postgres and exports it");

    /// <summary>The port of the suite's Postgres server.</summary>
    public static int ServerPort => new NpgsqlConnectionStringBuilder(HermesX.Grains.Store.PostgresUrl.ToConnectionString(AdminUrl)).Port;

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = HermesX.Grains.Store.PostgresUrl.ToConnectionString(AdminUrl);
        var b = new NpgsqlConnectionStringBuilder(admin) { Pooling = false };
        var db = new TestDatabase("hx_" + Guid.NewGuid().ToString("N")[..16], b.ConnectionString, b.Port.ToString(), b.Host!);
        await using var conn = new NpgsqlConnection(b.ConnectionString);
        await conn.OpenAsync();
        try
        {
            await Exec(conn, $"CREATE ROLE {ServiceRole} LOGIN PASSWORD '{ServicePassword}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
        {
            // Another test class created it first.
        }
        await Exec(conn, $"CREATE DATABASE {db.Name} OWNER {ServiceRole}");
        return db;
    }

    /// <summary>An open superuser connection to this database (no RLS), for a test that runs several statements on one.</summary>
    public async Task<NpgsqlConnection> OpenAsSuperuserAsync()
    {
        var conn = new NpgsqlConnection(SuperuserConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task<T?> ScalarAsSuperuserAsync<T>(string sql)
    {
        await using var conn = await OpenAsSuperuserAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var v = await cmd.ExecuteScalarAsync();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, typeof(T));
    }

    /// <summary>Runs <paramref name="sql"/> as the superuser (behind the service's back, past RLS); returns the rows it changed.</summary>
    public async Task<int> ExecuteAsSuperuserAsync(string sql)
    {
        await using var conn = await OpenAsSuperuserAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns, read as the superuser.</summary>
    public async Task<List<string>> ColumnAsSuperuserAsync(string sql)
    {
        await using var conn = await OpenAsSuperuserAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var conn = new NpgsqlConnection(AdminConnectionString);
            await conn.OpenAsync();
            await Exec(conn, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // Best effort: a leftover test database is harmless and the next run's Postgres is new.
        }
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
