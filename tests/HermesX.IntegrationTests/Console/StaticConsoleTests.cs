using System.Net;
using HermesX.Frontend.StaticConsole;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Console;

public sealed class StaticConsoleTests(StaticConsoleFixture fixture) : IClassFixture<StaticConsoleFixture>
{
    private SiloProcess Silo => fixture.Cluster.First;

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/tenants")]
    [InlineData("/tenants/acme/keys")]
    [InlineData("/chat/sess_123")]
    public async Task ConsolePagesAndClientRoutesServeIndexUncachedUnderTheCsp(string path)
    {
        using var http = Silo.CreateClient();
        using var r = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains(StaticConsoleFixture.IndexMarker, await r.Content.ReadAsStringAsync());
        Assert.True(r.Headers.CacheControl?.NoCache, $"{path}: Cache-Control {r.Headers.CacheControl}");
        var csp = Assert.Single(r.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task HashedAssetsAreCachedImmutable()
    {
        using var http = Silo.CreateClient();
        using var r = await http.GetAsync(StaticConsoleFixture.AssetPath);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/javascript", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StaticConsoleExtensions.ImmutableCache, r.Headers.GetValues("Cache-Control").Single());
    }

    [Fact]
    public async Task UnhashedFilesAreRevalidated()
    {
        using var http = Silo.CreateClient();
        using var r = await http.GetAsync("/config.js");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(r.Headers.CacheControl?.NoCache);
    }

    [Theory]
    [InlineData("/v1/no-such-thing")]
    [InlineData("/v1/tenants/x/y/z")]
    [InlineData("/admin/v1/nothing-here")]
    [InlineData("/health/nothing-here")]
    [InlineData("/missing-file.js")]
    [InlineData("/assets/index-00000000.js")]
    [InlineData("/assets/no-extension")]
    public async Task ApiPrefixesAndMissingFilesStayJson404s(string path)
    {
        using var http = Silo.CreateClient(HermesCluster.AcpToken);
        using var r = await http.GetAsync(path);
        Assert.Equal("not_found", await r.ExpectErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task ApiRoutesDashboardAndMetricsAreNotShadowed()
    {
        using var anonymous = Silo.CreateClient();
        using (var ready = await anonymous.GetAsync("/health/ready"))
        {
            Assert.Equal("ready", (await ready.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        }
        using (var dashboard = await anonymous.GetAsync("/dashboard"))
        {
            Assert.Equal("unauthorized", await dashboard.ExpectErrorAsync(HttpStatusCode.Unauthorized));
        }
        using (var me = await anonymous.GetAsync("/v1/me"))
        {
            Assert.Equal("unauthorized", await me.ExpectErrorAsync(HttpStatusCode.Unauthorized));
        }
        foreach (var metrics in new[] { "/metrics", "/v1/metrics" })
        {
            using var r = await anonymous.GetAsync(metrics);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        }
        using var admin = Silo.CreateClient(HermesCluster.AcpToken);
        using var status = await admin.GetAsync("/admin/v1/bootstrap/status");
        Assert.False((await status.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("bootstrapped").GetBoolean());
    }

    [Fact]
    public async Task ClientRoutesAreNotAnsweredForOtherMethodsNorOnTheDataPlanePort()
    {
        using var http = Silo.CreateClient(HermesCluster.AcpToken);
        using (var post = await http.PostAsync("/tenants", new StringContent("{}")))
        {
            Assert.Equal("not_found", await post.ExpectErrorAsync(HttpStatusCode.NotFound));
        }
        using var data = Silo.CreateClient(dataPlane: true);
        using var r = await data.GetAsync("/");
        Assert.Equal("not_found", await r.ExpectErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task ClusterOverviewListsTheSilosForThePlatformAdminOnly()
    {
        using var admin = Silo.CreateClient(HermesCluster.AcpToken);
        using var r = await admin.GetAsync("/admin/v1/cluster");
        var json = await r.ExpectJsonAsync(HttpStatusCode.OK);
        var silo = Assert.Single(json.GetProperty("silos").EnumerateArray());
        Assert.Equal(Silo.Name, silo.GetProperty("name").GetString());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.True(json.GetProperty("active_sessions").GetInt32() >= 0);

        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["admin"]);
        using var tenantAdmin = Silo.CreateClient(key);
        using var refused = await tenantAdmin.GetAsync("/admin/v1/cluster");
        Assert.Equal("forbidden", await refused.ExpectErrorAsync(HttpStatusCode.Forbidden));
    }

    /// <summary>The console's API types come from webui/src/api/openapi.json (npm run gen:api); none of its endpoints may be gone.</summary>
    [Fact]
    public async Task EveryEndpointOfTheConsolesOpenApiSnapshotIsStillServed()
    {
        using var http = Silo.CreateClient();
        using var live = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/v1/openapi"));
        using var snapshot = System.Text.Json.JsonDocument.Parse(File.ReadAllText(HermesX.IntegrationTests.Observability.RepositoryFiles.PathOf("webui/src/api/openapi.json")));
        var served = live.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(Operations).ToHashSet();
        var used = snapshot.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(Operations).ToList();
        Assert.NotEmpty(used);
        Assert.All(used, op => Assert.Contains(op, served));
    }

    private static readonly string[] HttpMethods = ["get", "post", "put", "patch", "delete"];

    private static IEnumerable<string> Operations(System.Text.Json.JsonProperty path) =>
        path.Value.EnumerateObject().Where(op => HttpMethods.Contains(op.Name)).Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}");

    [Fact]
    public async Task StaticDirWithoutIndexRefusesToStartNamingTheSetting()
    {
        var empty = Directory.CreateTempSubdirectory("hermesx-empty-console-");
        try
        {
            var env = new Dictionary<string, string>
            {
                ["DATABASE_URL"] = fixture.Cluster.Database.Url,
                ["HERMES_ACP_TOKEN"] = HermesCluster.AcpToken,
                ["ORLEANS_CLUSTER_ID"] = "console-refused-" + Guid.NewGuid().ToString("N")[..6],
                ["SAAS_STATIC_DIR"] = empty.FullName,
            };
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync("console-refused", env));
            Assert.Contains("SAAS_STATIC_DIR", failure.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
