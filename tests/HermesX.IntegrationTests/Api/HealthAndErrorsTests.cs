using System.Net;
using System.Text;
using HermesX.Testing;
using HermesX.IntegrationTests;

namespace HermesX.IntegrationTests.Api;

[Collection(SharedClusterCollection.Name)]
public sealed class HealthAndErrorsTests(SharedClusterFixture fixture)
{
    private HermesCluster Cluster => fixture.Cluster;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/v1/health/live")]
    public async Task LivenessAnswersWithoutCredentials(string path)
    {
        using var http = Cluster.First.CreateClient();
        using var r = await http.GetAsync(path);
        Assert.Equal("ok", (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReadinessReportsPostgresAndClusterOnBothPorts()
    {
        foreach (var dataPlane in new[] { false, true })
        {
            using var http = Cluster.First.CreateClient(dataPlane: dataPlane);
            using var r = await http.GetAsync("/health/ready");
            var json = await r.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("ready", json.GetProperty("status").GetString());
            Assert.Equal("ok", json.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
            Assert.Equal("ok", json.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task DataPlanePortDoesNotServeTheManagementApi()
    {
        using var http = Cluster.First.CreateClient(HermesCluster.AcpToken, dataPlane: true);
        using var r = await http.GetAsync("/v1/tenants");
        Assert.Equal("not_found", await r.ExpectErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task RequestIdIsEchoedOrGenerated()
    {
        using var http = Cluster.First.CreateClient();
        using var req = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        req.Headers.Add("X-Request-ID", "caller-chosen-id-42");
        using var echoed = await http.SendAsync(req);
        Assert.Equal("caller-chosen-id-42", echoed.Headers.GetValues("X-Request-ID").Single());

        using var generated = await http.GetAsync("/health/live");
        Assert.StartsWith("req_", generated.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task UnknownRouteIsJson404()
    {
        using var http = Cluster.Admin();
        using var r = await http.GetAsync("/v1/no-such-thing");
        Assert.Equal("not_found", await r.ExpectErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task CorsAllowsOnlyConfiguredOrigins()
    {
        using var http = Cluster.First.CreateClient();
        foreach (var (origin, allowed) in new[] { (SharedClusterFixture.AllowedOrigin, true), ("https://evil.example", false) })
        {
            using var req = new HttpRequestMessage(HttpMethod.Options, "/v1/me");
            req.Headers.Add("Origin", origin);
            req.Headers.Add("Access-Control-Request-Method", "GET");
            using var r = await http.SendAsync(req);
            Assert.Equal(allowed, r.Headers.TryGetValues("Access-Control-Allow-Origin", out var v) && v.Single() == origin);
        }
    }

    [Fact]
    public async Task OpenApiDocumentIsPublic()
    {
        using var http = Cluster.First.CreateClient();
        using var r = await http.GetAsync("/v1/openapi");
        var json = await r.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(json.GetProperty("paths").TryGetProperty("/v1/tenants", out _));
    }

    [Fact]
    public async Task OversizedBodyIs413AndWritesNothing()
    {
        using var http = Cluster.Admin();
        var name = "big-" + Guid.NewGuid().ToString("N");
        var body = System.Text.Json.JsonSerializer.Serialize(new { name, config = new { pad = new string('x', 70_000) } });
        using var r = await http.PostAsync("/v1/tenants", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal("body_too_large", await r.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(0L, await Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM tenants WHERE name = '{name}'"));
    }
}
