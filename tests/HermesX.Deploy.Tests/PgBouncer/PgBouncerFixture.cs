using HermesX.FakeLlm;
using HermesX.Testing;

namespace HermesX.Deploy.Tests.PgBouncer;

/// <summary>
/// Two hermesx silos whose DATABASE_URL points at PgBouncer in transaction pooling mode (started
/// by scripts/test.sh, scripts/lib/pgbouncer.sh), a fake LLM, no purge grace period.
/// </summary>
public sealed class PgBouncerFixture : IAsyncLifetime
{
    public const string Model = "fake-gpt";

    private readonly List<SiloProcess> _silos = [];

    public FakeLlmServer Llm { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;
    public string ClusterId { get; } = "pgb-" + Guid.NewGuid().ToString("N")[..8];
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>DATABASE_URL through PgBouncer: the test database's URL on PgBouncer's port.</summary>
    public string BouncerUrl { get; private set; } = null!;

    public static int BouncerPort =>
        int.TryParse(Environment.GetEnvironmentVariable("HERMES_TEST_PGBOUNCER_PORT"), out var port)
            ? port
            : throw new InvalidOperationException(
                "HERMES_TEST_PGBOUNCER_PORT is not set: run the tests through scripts/test.sh, which starts PgBouncer and exports it");

    public async Task InitializeAsync()
    {
        Llm = await FakeLlmServer.StartAsync();
        Database = await TestDatabase.CreateAsync();
        BouncerUrl = new UriBuilder(Database.Url) { Port = BouncerPort }.Uri.ToString();
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = BouncerUrl,
            ["HERMES_ACP_TOKEN"] = HermesCluster.AcpToken,
            ["ORLEANS_CLUSTER_ID"] = ClusterId,
            ["ORLEANS_SERVICE_ID"] = ClusterId,
            ["HERMES_PROVIDER"] = "openai",
            ["HERMES_BASE_URL"] = Llm.OpenAiBaseUrl,
            ["HERMES_API_KEY_LLM"] = "fake-llm-key",
            ["HERMES_MODEL"] = Model,
            ["HERMES_GDPR_GRACE_DAYS"] = "0",
            // Debian's PgBouncer (1.18) does not track prepared statements across server connections.
            ["HERMES_DB_PREPARED_STATEMENTS"] = "false",
        };

        // Both at once: their migrations race through PgBouncer and must still apply each file once.
        var starting = Enumerable.Range(0, 2).Select(i => SiloProcess.StartAsync($"{ClusterId}-silo{i}", environment)).ToList();
        try
        {
            _silos.AddRange(await Task.WhenAll(starting));
        }
        catch
        {
            foreach (var task in starting.Where(task => task.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync();
            }

            throw;
        }
    }

    public HttpClient Admin(int silo) => _silos[silo].CreateClient(HermesCluster.AcpToken);

    /// <summary>A new tenant and a key with the given role in it.</summary>
    public async Task<(string Tenant, string Key)> TenantWithKeyAsync(string role)
    {
        using var admin = Admin(0);
        var tenant = (await admin.CreateTenantAsync(extra: new { plan = "pro" })).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, [role]);
        return (tenant, key);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }
    }
}
