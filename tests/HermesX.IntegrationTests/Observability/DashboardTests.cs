using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Observability;

/// <summary>The Orleans Dashboard on a running silo: platform admin only, by bearer token or Basic auth password.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class DashboardTests(ObservabilityFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task TheDashboardRefusesAnyoneButThePlatformAdmin()
    {
        using var anonymous = Chat.Cluster.First.CreateClient();
        using var none = await anonymous.GetAsync("/dashboard/");
        await none.ExpectErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Basic", none.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = Chat.Cluster.First.CreateClient("not-the-admin-token");
        await (await wrong.GetAsync("/dashboard/")).ExpectErrorAsync(HttpStatusCode.Unauthorized);

        var (_, tenantAdminKey) = await Chat.TenantWithKeyAsync("admin");
        using var tenantAdmin = Chat.Cluster.First.CreateClient(tenantAdminKey);
        await (await tenantAdmin.GetAsync("/dashboard/")).ExpectErrorAsync(HttpStatusCode.Forbidden);

        using var badPassword = Chat.Cluster.First.CreateClient();
        badPassword.DefaultRequestHeaders.Authorization = Basic("admin", "guess");
        await (await badPassword.GetAsync("/dashboard/")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ThePlatformAdminTokenOpensTheDashboardAsBearerOrBasicPassword()
    {
        using var bearer = Chat.Cluster.Admin();
        using var page = await bearer.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("index.min.js", await page.Content.ReadAsStringAsync());

        using var browser = Chat.Cluster.First.CreateClient();
        browser.DefaultRequestHeaders.Authorization = Basic("ops", HermesCluster.AcpToken);
        using var script = await browser.GetAsync("/dashboard/index.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task TheDashboardIsNotServedOnTheDataPlanePort()
    {
        using var data = Chat.Cluster.First.CreateClient(HermesCluster.AcpToken, dataPlane: true);
        using var r = await data.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}

/// <summary>A silo started with default settings serves no dashboard, and says how to turn it on.</summary>
public sealed class DashboardOffTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    [Fact]
    public async Task TheDashboardIsOffUnlessTurnedOn()
    {
        using var admin = fixture.Chat.Cluster.Admin();
        using var page = await admin.GetAsync("/dashboard/");
        var body = await page.ExpectJsonAsync(HttpStatusCode.NotFound);
        Assert.Contains("HERMES_DASHBOARD_ENABLED=true", body.GetProperty("error").GetProperty("message").GetString());
    }
}
