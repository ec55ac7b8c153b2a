using System.Net;
using System.Net.Http.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>
/// Without HERMES_OUTBOUND_ALLOW_PRIVATE a server must be https and public: a loopback or internal URL is refused
/// when registered. Without HERMES_MCP_SECRET_KEY a server with credentials is refused, naming the field.
/// </summary>
public sealed class McpAddressTests : IAsyncLifetime
{
    private ChatCluster _chat = null!;

    /// <summary>No HERMES_MCP_SECRET_KEY either: credentials cannot be stored.</summary>
    public async Task InitializeAsync() => _chat = await ChatCluster.StartAsync(1);

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Theory]
    [InlineData("https://127.0.0.1/mcp", "internal address")]
    [InlineData("https://localhost:8443/mcp", "internal address")]
    [InlineData("https://169.254.169.254/mcp", "internal address")]
    [InlineData("https://10.1.2.3/mcp", "internal address")]
    [InlineData("http://203.0.113.14/mcp", "must use https")]
    public async Task AnInternalOrPlainHttpUrlIsRefusedWithoutTheSetting(string url, string says)
    {
        var (_, key) = await _chat.TenantWithKeyAsync("admin");
        using var http = _chat.Cluster.First.CreateClient(key);
        using var response = await http.PostAsJsonAsync("/v1/mcp/servers", new { server_label = "x", server_url = url });
        var error = (await response.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal("server_url", error.GetProperty("param").GetString());
        Assert.Contains(says, error.GetProperty("message").GetString());
        Assert.Empty(await McpFixture.ListAsync(http));
    }

    [Theory]
    [InlineData("bearer_token", """{"server_label":"x","server_url":"https://203.0.113.14/mcp","bearer_token":"abc"}""")]
    [InlineData("headers", """{"server_label":"x","server_url":"https://203.0.113.14/mcp","headers":{"X-Key":"abc"}}""")]
    public async Task CredentialsAreRefusedWithoutASecretKey(string field, string json)
    {
        var (_, key) = await _chat.TenantWithKeyAsync("admin");
        using var http = _chat.Cluster.First.CreateClient(key);
        using var response = await http.PostAsync("/v1/mcp/servers", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var error = (await response.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal(field, error.GetProperty("param").GetString());
        Assert.Contains("HERMES_MCP_SECRET_KEY", error.GetProperty("message").GetString());
        Assert.DoesNotContain("abc", error.GetProperty("message").GetString());
        Assert.Empty(await McpFixture.ListAsync(http));
    }
}
