namespace HermesX.Testing;

/// <summary>A test database plus one or more hermesx silos that share it and form one cluster.</summary>
public sealed class HermesCluster : IAsyncDisposable
{
    public const string AcpToken = "test-platform-admin-token-0123456789abcdef";

    /// <summary>Extra environment key: the silos reach Postgres on this port instead (e.g. a <see cref="TcpProxy"/>).</summary>
    public const string DatabasePortKey = "HERMES_TEST_DATABASE_PORT";

    private readonly List<SiloProcess> _silos = [];

    private HermesCluster(TestDatabase database, string clusterId, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        Database = database;
        ClusterId = clusterId;
        ExtraEnvironment = extraEnvironment;
    }

    public TestDatabase Database { get; }
    public string ClusterId { get; }
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; }
    public IReadOnlyList<SiloProcess> Silos => _silos;
    public SiloProcess First => _silos[0];

    public static async Task<HermesCluster> StartAsync(int silos = 1, IReadOnlyDictionary<string, string>? environment = null)
    {
        var db = await TestDatabase.CreateAsync();
        var cluster = new HermesCluster(db, "test-" + Guid.NewGuid().ToString("N")[..8], environment ?? new Dictionary<string, string>());
        try
        {
            // Sequential start: the first applies migrations, later ones find them done.
            for (var i = 0; i < silos; i++)
            {
                await cluster.AddSiloAsync();
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    public async Task<SiloProcess> AddSiloAsync()
    {
        var env = new Dictionary<string, string>(ExtraEnvironment)
        {
            ["DATABASE_URL"] = ExtraEnvironment.TryGetValue(DatabasePortKey, out var port) ? Database.UrlVia(int.Parse(port)) : Database.Url,
            ["HERMES_ACP_TOKEN"] = AcpToken,
            ["ORLEANS_CLUSTER_ID"] = ClusterId,
            ["ORLEANS_SERVICE_ID"] = ClusterId,
        };
        var silo = await SiloProcess.StartAsync($"{ClusterId}-silo{_silos.Count}", env);
        _silos.Add(silo);
        return silo;
    }

    public HttpClient Admin(int silo = 0) => _silos[silo].CreateClient(AcpToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _silos)
        {
            await s.DisposeAsync();
        }
        await Database.DisposeAsync();
    }
}
