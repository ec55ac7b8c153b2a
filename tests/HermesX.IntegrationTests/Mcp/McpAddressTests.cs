using System.Net;
using System.Net.Http.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>
/// Without HERMES_OUTBOUND_ALLOW_PRIVATE a server must be https and public: a loopback or internal URL is refused
/// when registered or named by a request. Without HERMES_MCP_SECRET_KEY a server with credentials is refused, naming the field.
/// </summary>
public sealed class McpAddressTests : IAsyncLifetime
{
    private ChatCluster _chat = null!;

    /// <summary>No HERMES_MCP_SECRET_KEY either: credentials cannot be stored. Requests may name their own servers, under the same guard.</summary>
    public async Task InitializeAsync() =>
        _chat = await ChatCluster.StartAsync(1, new Dictionary<string, string> { ["HERMES_MCP_REQUEST_SERVERS"] = "true" });

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
    [InlineData("https://127.0.0.1/mcp", "internal address")]
    [InlineData("https://169.254.169.254/mcp", "internal address")]
    [InlineData("http://203.0.113.14/mcp", "must use https")]
    public async Task ARequestServerAtAnInternalOrPlainHttpUrlIsRefusedBeforeTheTurn(string url, string says)
    {
        var (_, key) = await _chat.TenantWithKeyAsync();
        using var http = _chat.Cluster.First.CreateClient(key);
        var marker = McpFixture.Unique("guarded-");
        var (response, body) = await Responses.ResponsesHttp.CreateAsync(http, new
        {
            input = marker,
            tools = new object[] { new { type = "function", name = "f" }, new { type = "mcp", server_label = "inside", server_url = url } },
        });
        await response.ExpectErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("tools[1].server_url", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains(says, body.GetProperty("error").GetProperty("message").GetString());
        Assert.DoesNotContain(_chat.Llm.Requests, r => r.Body.Contains(marker, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"https://203.0.113.14/mcp","connector_id":"connector_gmail"}""", "tools[0].connector_id")]
    [InlineData("""{"type":"mcp","server_label":"1x","server_url":"https://203.0.113.14/mcp"}""", "tools[0].server_label")]
    [InlineData("""{"type":"mcp","server_label":"a__b","server_url":"https://203.0.113.14/mcp"}""", "tools[0].server_label")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"ftp://203.0.113.14/mcp"}""", "tools[0].server_url")]
    [InlineData("""{"type":"mcp","server_label":"x"}""", "tools[0].server_url")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"https://203.0.113.14/mcp","require_approval":"sometimes"}""", "tools[0].require_approval")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"https://203.0.113.14/mcp","require_approval":{"always":{"tool_names":["a"]},"never":{"tool_names":["a"]}}}""", "tools[0].require_approval")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"https://203.0.113.14/mcp","allowed_tools":"echo"}""", "tools[0].allowed_tools")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"https://203.0.113.14/mcp","allowed_tools":{"read_only":true}}""", "tools[0].allowed_tools.read_only")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"https://203.0.113.14/mcp","headers":{"bad name":"v"}}""", "tools[0].headers")]
    [InlineData("""{"type":"mcp","server_label":"x","server_url":"https://203.0.113.14/mcp","headers":{"X-Key":"a\u0007b"}}""", "tools[0].headers.X-Key")]
    public async Task ARequestServerFieldHermesXCannotHonourIsRefusedByName(string tool, string param)
    {
        var (_, key) = await _chat.TenantWithKeyAsync();
        using var http = _chat.Cluster.First.CreateClient(key);
        var json = $$"""{"model":"{{ChatCluster.Model}}","input":"hi","tools":[{{tool}}]}""";
        using var response = await http.PostAsync("/v1/responses", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var error = (await response.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.DoesNotContain("a\u0007b", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ABackgroundResponseMayNotCarryRequestServerHeaders()
    {
        var (_, key) = await _chat.TenantWithKeyAsync();
        using var http = _chat.Cluster.First.CreateClient(key);
        var (response, body) = await Responses.ResponsesHttp.CreateAsync(http, new
        {
            input = "hi", background = true,
            tools = new object[] { new { type = "mcp", server_label = "x", server_url = "https://203.0.113.14/mcp", headers = new Dictionary<string, string> { ["X-Key"] = "secret-value" } } },
        });
        await response.ExpectErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("tools[0].headers", body.GetProperty("error").GetProperty("param").GetString());
        Assert.DoesNotContain("secret-value", body.ToString());
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
