using System.Net;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Api;

/// <summary>Every list endpoint pages the same way: limit 1-500 (default 50), offset from 0, the same 400 otherwise.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class PagingTests(SharedClusterFixture fixture)
{
    private HermesCluster Cluster => fixture.Cluster;

    /// <summary>Each list and who may read it: "tenant" is a tenant admin's key, "platform" the platform token.</summary>
    public static TheoryData<string, string> Lists => new()
    {
        { "/v1/sessions", "tenant" },
        { "/v1/sessions/sess_paging/messages", "tenant" },
        { "/v1/memories", "tenant" },
        { "/v1/execution-receipts", "tenant" },
        { "/v1/audit-logs", "tenant" },
        { "/v1/usage/details", "tenant" },
        { "/v1/api-keys", "tenant" },
        { "/v1/skills", "tenant" },
        { "/v1/tenants", "platform" },
        { "/admin/v1/audit-logs", "platform" },
        { "/admin/v1/tenants/{tenant}/api-keys", "platform" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task EveryListRefusesABadLimitOrOffsetWithTheSameError(string path, string caller)
    {
        var (http, tenant) = await CallerAsync(caller);
        using (http)
        {
            path = path.Replace("{tenant}", tenant, StringComparison.Ordinal);
            foreach (var limit in new[] { "abc", "0", "501", "", "1.5" })
            {
                await ExpectRefusalAsync(http, $"{path}?limit={limit}", "'limit' must be an integer between 1 and 500", "limit");
            }
            foreach (var offset in new[] { "-1", "x" })
            {
                await ExpectRefusalAsync(http, $"{path}?limit=10&offset={offset}", "'offset' must be a non-negative integer", "offset");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task EveryListDefaultsToFiftyFromTheStartAndEchoesWhatWasAsked(string path, string caller)
    {
        var (http, tenant) = await CallerAsync(caller);
        using (http)
        {
            path = path.Replace("{tenant}", tenant, StringComparison.Ordinal);
            if (path.EndsWith("/messages", StringComparison.Ordinal))
            {
                using var created = await http.PostAsync("/v1/sessions", new StringContent("""{"id":"sess_paging"}""", System.Text.Encoding.UTF8, "application/json"));
                Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, created.StatusCode.ToString());
            }
            using var byDefault = await http.GetAsync(path);
            var page = await byDefault.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(50, page.GetProperty("limit").GetInt32());
            Assert.Equal(0, page.GetProperty("offset").GetInt32());
            Assert.Equal("list", page.GetProperty("object").GetString());

            using var asked = await http.GetAsync($"{path}?limit=500&offset=3");
            page = await asked.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(500, page.GetProperty("limit").GetInt32());
            Assert.Equal(3, page.GetProperty("offset").GetInt32());
        }
    }

    private async Task<(HttpClient Http, string Tenant)> CallerAsync(string caller)
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        if (caller == "platform")
        {
            return (Cluster.Admin(), tenant);
        }
        var (_, key) = await admin.CreateKeyAsync(tenant, ["admin"]);
        return (Cluster.First.CreateClient(key), tenant);
    }

    private static async Task ExpectRefusalAsync(HttpClient http, string url, string message, string param)
    {
        using var r = await http.GetAsync(url);
        Assert.Equal("invalid_request", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        var error = (await r.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }
}
