using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>POST, GET and DELETE /v1/mcp/servers: validation, credentials kept secret and encrypted, tenant isolation.</summary>
[Collection(McpCollection.Name)]
public sealed class McpServerApiTests(McpFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;

    [Theory]
    [InlineData("""{"server_url":"http://127.0.0.1:9/mcp"}""", "server_label", "is required")]
    [InlineData("""{"server_label":"a__b","server_url":"http://127.0.0.1:9/mcp"}""", "server_label", "without '__'")]
    [InlineData("""{"server_label":"ok"}""", "server_url", "is required")]
    [InlineData("""{"server_label":"ok","server_url":"ftp://example.com/mcp"}""", "server_url", "absolute https URL")]
    [InlineData("""{"server_label":"ok","server_url":"http://127.0.0.1:9/mcp","require_approval":"sometimes"}""", "require_approval", "must be \"always\"")]
    [InlineData("""{"server_label":"ok","server_url":"http://127.0.0.1:9/mcp","require_approval":{"always":{"tool_names":["a"]},"never":{"tool_names":["a"]}}}""", "require_approval", "no name under both")]
    [InlineData("""{"server_label":"ok","server_url":"http://127.0.0.1:9/mcp","headers":{"bad header":"x"}}""", "headers", "invalid header name")]
    [InlineData("""{"server_label":"ok","server_url":"http://127.0.0.1:9/mcp","timeout":3}""", null, "timeout")]
    public async Task ABadRegistrationIsRefusedNamingTheFieldAndNothingIsStored(string json, string? param, string says)
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        using var response = await http.PostAsync("/v1/mcp/servers", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var error = (await response.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Contains(says, error.GetProperty("message").GetString());
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
        Assert.Empty(await McpFixture.ListAsync(http));
    }

    [Fact]
    public async Task CredentialsAreStoredEncryptedAndNeverReturned()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        const string token = "tok-very-secret-4242";
        const string headerValue = "hdr-very-secret-4343";
        var created = await McpFixture.RegisterAsync(http, "cs", fixture.Friendly.Url, new { bearer_token = token, headers = new Dictionary<string, string> { ["X-Api-Key"] = headerValue } });
        Assert.True(created.GetProperty("has_bearer_token").GetBoolean());
        Assert.Equal(["X-Api-Key"], created.GetProperty("header_names").EnumerateArray().Select(h => h.GetString()!).ToArray());
        Assert.Equal("ok", created.GetProperty("health").GetString());
        Assert.Contains(created.GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "echo");
        // The first contact at registration carried them.
        Assert.NotEqual(0, fixture.Friendly.Calls.Count($"header:Authorization:Bearer {token}"));
        Assert.NotEqual(0, fixture.Friendly.Calls.Count($"header:X-Api-Key:{headerValue}"));

        var listed = Assert.Single(await McpFixture.ListAsync(http));
        Assert.DoesNotContain(token, listed.GetRawText());
        Assert.DoesNotContain(headerValue, listed.GetRawText());
        Assert.DoesNotContain(token, created.GetRawText());
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM mcp_servers WHERE tenant_id = '{tenant}' AND (position(convert_to('{token}', 'UTF8') in credentials) > 0 OR position(convert_to('{headerValue}', 'UTF8') in credentials) > 0)"));
        Assert.Equal(1L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM mcp_servers WHERE tenant_id = '{tenant}' AND length(credentials) > 28"));
        // The silo's whole output, every level (the files under .run/logs get only warnings, and only once a silo stops).
        Assert.DoesNotContain(token, Chat.Cluster.First.Output);
        Assert.DoesNotContain(headerValue, Chat.Cluster.First.Output);
    }

    [Fact]
    public async Task ATenantCannotSeeDeleteOrCallAnotherTenantsServers()
    {
        var (_, keyA) = await fixture.TenantAsync();
        var (_, keyB) = await fixture.TenantAsync();
        using var a = Chat.Cluster.First.CreateClient(keyA);
        using var b = Chat.Cluster.First.CreateClient(keyB);
        var id = (await McpFixture.RegisterAsync(a, "secretlabel", fixture.Friendly.Url)).GetProperty("id").GetString()!;

        Assert.DoesNotContain(await McpFixture.ListAsync(b), s => s.GetProperty("id").GetString() == id);
        await (await b.DeleteAsync($"/v1/mcp/servers/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);

        var text = McpFixture.Unique("b-");
        var call = McpFixture.Unique("call_");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("secretlabel__echo", $$"""{"text":"{{text}}"}""", call)), FakeReply.WithText("tried"));
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(b, "try " + text, McpFixture.Unique("sess-"))).Response.StatusCode);
        Assert.DoesNotContain("secretlabel__echo", fixture.ToolsOffered("try " + text));
        Assert.StartsWith("error: unknown tool", fixture.ToolResultSent(call));
        Assert.Equal(0, fixture.Friendly.Calls.Count("echo:" + text));

        Assert.Single(await McpFixture.ListAsync(a));
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/v1/mcp/servers/{id}")).StatusCode);
        Assert.Empty(await McpFixture.ListAsync(a));
    }

    [Fact]
    public async Task OnlyTenantAdminsManageServers()
    {
        var (tenant, _) = await fixture.TenantAsync();
        using var admin = Chat.Cluster.Admin();
        var (_, userKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var user = Chat.Cluster.First.CreateClient(userKey);
        using var r = await user.PostAsJsonAsync("/v1/mcp/servers", new { server_label = "x", server_url = fixture.Friendly.Url });
        await r.ExpectErrorAsync(HttpStatusCode.Forbidden);
    }
}
