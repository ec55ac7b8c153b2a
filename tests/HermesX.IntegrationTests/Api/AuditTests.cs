using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Api;

[Collection(SharedClusterCollection.Name)]
public sealed class AuditTests(SharedClusterFixture fixture)
{
    private HermesCluster Cluster => fixture.Cluster;

    private async Task<long> AuditRowsAsync(string where) =>
        await Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM audit_logs WHERE {where}");

    private static string RequestId() => "audit-" + Guid.NewGuid().ToString("N");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string requestId)
    {
        using var req = new HttpRequestMessage(method, path);
        req.Headers.Add("X-Request-ID", requestId);
        return await http.SendAsync(req);
    }

    [Fact]
    public async Task SuccessfulAndRefusedRequestsAreAuditedWithRouteTemplates()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (keyId, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var user = Cluster.First.CreateClient(key);
        using var anonymous = Cluster.First.CreateClient("hk_" + new string('1', 64));

        var ok = RequestId();
        var forbidden = RequestId();
        var unauthorized = RequestId();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(user, HttpMethod.Get, "/v1/me", ok)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(user, HttpMethod.Get, "/v1/api-keys", forbidden)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(anonymous, HttpMethod.Get, "/v1/me", unauthorized)).StatusCode);

        await ApiHelpers.PollAsync(async () =>
            await AuditRowsAsync($"request_id = '{ok}' AND tenant_id = '{tenant}' AND actor = '{keyId}' AND status = 200 AND action = 'GET /v1/me' AND auth_method = 'api_key'") == 1 &&
            await AuditRowsAsync($"request_id = '{forbidden}' AND tenant_id = '{tenant}' AND status = 403 AND action = 'GET /v1/api-keys/'") == 1 &&
            await AuditRowsAsync($"request_id = '{unauthorized}' AND status = 401 AND actor = 'anonymous'") == 1,
            TimeSpan.FromSeconds(15), "audit rows written");
    }

    [Fact]
    public async Task AdminActionsOnATenantAreInThatTenantsLogAndSecretsAreRedacted()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var rid = RequestId();
        using (var req = new HttpRequestMessage(HttpMethod.Post, $"/v1/api-keys?tenant_id={tenant}&token=supersecret")
        {
            Content = JsonContent.Create(new { name = "audited", tenant_id = tenant }),
        })
        {
            req.Headers.Add("X-Request-ID", rid);
            Assert.Equal(HttpStatusCode.Created, (await admin.SendAsync(req)).StatusCode);
        }
        await ApiHelpers.PollAsync(async () => await AuditRowsAsync($"request_id = '{rid}' AND tenant_id = '{tenant}' AND action = 'POST /v1/api-keys/'") == 1,
            TimeSpan.FromSeconds(15), "admin action audited");
        Assert.Equal(0L, await AuditRowsAsync($"request_id = '{rid}' AND detail::text LIKE '%supersecret%'"));
        Assert.Equal(1L, await AuditRowsAsync($"request_id = '{rid}' AND detail->>'path' LIKE '%token=REDACTED%'"));

        var (_, adminKey) = await admin.CreateKeyAsync(tenant, ["admin"]);
        using var tenantAdmin = Cluster.First.CreateClient(adminKey);
        using var r = await tenantAdmin.GetAsync("/v1/audit-logs?limit=500");
        var logs = await r.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(logs.GetProperty("data").EnumerateArray(), e => e.GetProperty("request_id").GetString() == rid);
        Assert.All(logs.GetProperty("data").EnumerateArray(), e => Assert.Equal(tenant, e.GetProperty("tenant_id").GetString()));
    }

    [Fact]
    public async Task UsersCannotReadTheAuditLogButAuditorsCan()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, userKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, auditorKey) = await admin.CreateKeyAsync(tenant, ["auditor"]);
        using var user = Cluster.First.CreateClient(userKey);
        using var auditor = Cluster.First.CreateClient(auditorKey);
        await (await user.GetAsync("/v1/audit-logs")).ExpectErrorAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/v1/audit-logs")).StatusCode);
        await (await auditor.GetAsync("/admin/v1/audit-logs")).ExpectErrorAsync(HttpStatusCode.Forbidden);
        using var all = await admin.GetAsync($"/admin/v1/audit-logs?tenant_id={tenant}");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        await (await auditor.GetAsync("/v1/audit-logs?status=abc")).ExpectErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ExcludeReadsHidesSuccessfulReadsFromTheListingButEverythingIsStillAudited()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, adminKey) = await admin.CreateKeyAsync(tenant, ["admin"]);
        var (_, userKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var tenantAdmin = Cluster.First.CreateClient(adminKey);
        using var user = Cluster.First.CreateClient(userKey);

        var read = RequestId();
        var write = RequestId();
        var refusedRead = RequestId();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(user, HttpMethod.Get, "/v1/me", read)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(user, HttpMethod.Get, "/v1/api-keys", refusedRead)).StatusCode);
        using (var req = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions") { Content = JsonContent.Create(new { title = "audited write" }) })
        {
            req.Headers.Add("X-Request-ID", write);
            Assert.Equal(HttpStatusCode.Created, (await user.SendAsync(req)).StatusCode);
        }
        await ApiHelpers.PollAsync(async () => await AuditRowsAsync($"request_id IN ('{read}', '{write}', '{refusedRead}')") == 3,
            TimeSpan.FromSeconds(15), "the three requests audited");

        async Task<List<string?>> ListedAsync(HttpClient http, string path)
        {
            using var r = await http.GetAsync(path);
            var json = await r.ExpectJsonAsync(HttpStatusCode.OK);
            return json.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("request_id").GetString()).ToList();
        }

        foreach (var (http, path) in new[] { (tenantAdmin, "/v1/audit-logs?limit=500"), (admin, $"/admin/v1/audit-logs?tenant_id={tenant}&limit=500") })
        {
            Assert.Contains(read, await ListedAsync(http, path));
            Assert.Contains(read, await ListedAsync(http, path + "&exclude_reads=false"));

            var withoutReads = await ListedAsync(http, path + "&exclude_reads=true");
            Assert.DoesNotContain(read, withoutReads);
            Assert.Contains(write, withoutReads);
            Assert.Contains(refusedRead, withoutReads);
        }
        // The filter is a view: the read's row is still in the log.
        Assert.Equal(1L, await AuditRowsAsync($"request_id = '{read}' AND action = 'GET /v1/me' AND status = 200"));
    }

    [Theory]
    [InlineData("/v1/audit-logs?exclude_reads=maybe", "exclude_reads")]
    [InlineData("/admin/v1/audit-logs?exclude_reads=1", "exclude_reads")]
    [InlineData("/v1/audit-logs?from=yesterday", "from")]
    [InlineData("/admin/v1/audit-logs?status=abc", "status")]
    public async Task AMalformedAuditFilterIsRefusedNamingItsParameter(string path, string param)
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, adminKey) = await admin.CreateKeyAsync(tenant, ["admin"]);
        using var http = path.StartsWith("/admin", StringComparison.Ordinal) ? admin : Cluster.First.CreateClient(adminKey);
        using var r = await http.GetAsync(path);
        var json = await r.ExpectJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(param, json.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains($"'{param}'", json.GetProperty("error").GetProperty("message").GetString());
    }
}
