using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Api;

/// <summary>The tenant-and-scope gate seen from outside: the 403 says which tenant or scope the credential lacks.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class TenantGateTests(SharedClusterFixture fixture)
{
    private HermesCluster Cluster => fixture.Cluster;

    private static async Task<string> RefusalAsync(HttpClient http, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST")
        {
            // Valid for every endpoint's binding (a typed body is bound before any filter runs); the gate refuses before it is read.
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var r = await http.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: expected 403, got {(int)r.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        if (!path.StartsWith("/v1/messages", StringComparison.Ordinal))
        {
            Assert.Equal("forbidden", error.GetProperty("code").GetString());
        }
        return error.GetProperty("message").GetString()!;
    }

    [Theory]
    [InlineData("POST", "/v1/chat/completions", "'execute'")]
    [InlineData("POST", "/v1/agent/chat", "'execute'")]
    [InlineData("POST", "/v1/chat/abort", "'execute'")]
    [InlineData("POST", "/v1/messages", "'execute'")]
    [InlineData("POST", "/v1/responses", "'execute'")]
    [InlineData("POST", "/v1/sessions", "'write'")]
    [InlineData("DELETE", "/v1/sessions/s1", "'write'")]
    [InlineData("DELETE", "/v1/memories/k1", "'write'")]
    [InlineData("POST", "/v1/api-keys/k1/rotate", "'key:write'")]
    public async Task AnAdminKeyHoldingOnlyReadIsRefusedNamingTheScope(string method, string path, string scope)
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["admin"], new { scopes = new[] { "read" } });
        using var http = Cluster.First.CreateClient(key);
        Assert.Contains(scope, await RefusalAsync(http, method, path));
    }

    [Fact]
    public async Task AKeyWithoutReadCannotListMemoriesButStillChats()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"], new { scopes = new[] { "execute" } });
        using var http = Cluster.First.CreateClient(key);
        Assert.Contains("'read'", await RefusalAsync(http, "GET", "/v1/memories"));
        // Past the gate: the session it names does not exist, which only a passed gate can tell.
        using var abort = await http.PostAsJsonAsync("/v1/chat/abort", new { session_id = "nobody-" + Guid.NewGuid().ToString("N")[..8] });
        Assert.Equal("not_found", await abort.ExpectErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task TheUsageReadScopeOpensUsageToAPlainUser()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, plain) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, reader) = await admin.CreateKeyAsync(tenant, ["user"], new { scopes = new[] { "usage:read" } });
        using (var http = Cluster.First.CreateClient(plain))
        {
            Assert.Contains("'usage:read'", await RefusalAsync(http, "GET", "/v1/usage"));
        }
        using (var http = Cluster.First.CreateClient(reader))
        using (var r = await http.GetAsync("/v1/usage"))
        {
            Assert.Equal(tenant, (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("tenant_id").GetString());
        }
    }

    [Theory]
    [InlineData("POST", "/v1/chat/completions", "Chat runs as a tenant")]
    [InlineData("POST", "/v1/messages", "Messages run as a tenant")]
    [InlineData("GET", "/v1/responses/resp_x", "Responses belong to a tenant")]
    [InlineData("GET", "/v1/sessions", "Sessions belong to a tenant")]
    [InlineData("GET", "/v1/memories", "Memories belong to a tenant's users")]
    [InlineData("GET", "/v1/execution-receipts", "Receipts belong to a tenant")]
    [InlineData("GET", "/v1/skills", "Skills belong to a tenant")]
    [InlineData("GET", "/v1/usage", "role of a tenant")]
    [InlineData("GET", "/v1/audit-logs", "admin or auditor role")]
    public async Task ThePlatformTokenIsRefusedWithTheEndpointsOwnMessage(string method, string path, string message)
    {
        using var admin = Cluster.Admin();
        Assert.Contains(message, await RefusalAsync(admin, method, path));
    }

    /// <summary>Refused by a role policy (before any endpoint filter): the text says which role or token passes.</summary>
    [Theory]
    [InlineData("user", "GET", "/v1/api-keys", "Managing API keys needs the tenant 'admin' role")]
    [InlineData("operator", "POST", "/v1/api-keys", "Managing API keys needs the tenant 'admin' role")]
    [InlineData("auditor", "POST", "/v1/api-keys/k1/rotate", "Managing API keys needs the tenant 'admin' role")]
    [InlineData("user", "GET", "/v1/gdpr/status", "Data rights requests need the tenant 'admin' role")]
    [InlineData("admin", "GET", "/v1/tenants", "Tenants are managed by the platform admin (HERMES_ACP_TOKEN)")]
    [InlineData("user", "POST", "/v1/tenants", "Tenants are managed by the platform admin (HERMES_ACP_TOKEN)")]
    [InlineData("admin", "GET", "/admin/v1/tenants/t1/api-keys", "Any tenant's keys are managed by the platform admin (HERMES_ACP_TOKEN)")]
    [InlineData("auditor", "GET", "/admin/v1/audit-logs", "Every tenant's audit log is for the platform admin (HERMES_ACP_TOKEN)")]
    [InlineData("admin", "GET", "/admin/v1/usage", "Usage across tenants is for the platform admin (HERMES_ACP_TOKEN)")]
    [InlineData("admin", "GET", "/admin/v1/cluster", "The cluster overview is for the platform admin (HERMES_ACP_TOKEN)")]
    [InlineData("admin", "POST", "/admin/v1/bootstrap", "Bootstrap needs the platform admin token (HERMES_ACP_TOKEN)")]
    public async Task ARolePolicyRefusalNamesTheRoleOrTokenThatPasses(string role, string method, string path, string message)
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, [role]);
        using var http = Cluster.First.CreateClient(key);
        Assert.Contains(message, await RefusalAsync(http, method, path));
    }
}
