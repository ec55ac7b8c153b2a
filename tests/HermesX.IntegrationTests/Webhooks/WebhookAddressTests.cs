using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Webhooks;

/// <summary>
/// Without HERMES_OUTBOUND_ALLOW_PRIVATE an endpoint must be https and public: loopback, private,
/// link-local (metadata) and unique-local addresses are refused when registered, whatever the host's name.
/// </summary>
public sealed class WebhookAddressTests : IAsyncLifetime
{
    private WebhookCluster _hooks = null!;

    public async Task InitializeAsync() => _hooks = await WebhookCluster.StartAsync(1, new Dictionary<string, string>());

    public async Task DisposeAsync() => await _hooks.DisposeAsync();

    [Theory]
    [InlineData("https://127.0.0.1/hook", "internal address")]
    [InlineData("https://localhost:8443/hook", "internal address")]
    [InlineData("https://[::1]/hook", "internal address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "internal address")]
    [InlineData("https://10.1.2.3/hook", "internal address")]
    [InlineData("https://192.168.0.10/hook", "internal address")]
    [InlineData("https://100.64.0.1/hook", "internal address")]
    [InlineData("https://[fd00:ec2::254]/hook", "internal address")]
    [InlineData("https://[::ffff:127.0.0.1]/hook", "internal address")]
    [InlineData("http://203.0.113.14/hook", "must use https")]
    public async Task AnInternalOrPlainHttpUrlIsRefusedWithoutTheSetting(string url, string says)
    {
        var (_, key) = await _hooks.TenantAsync();
        using var http = _hooks.Cluster.First.CreateClient(key);
        using var response = await http.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "response.completed" } });
        var error = (await response.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal("url", error.GetProperty("param").GetString());
        Assert.Contains(says, error.GetProperty("message").GetString());
        var listed = await (await http.GetAsync("/v1/webhooks")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(listed.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task APublicHttpsUrlIsAccepted()
    {
        var (_, key) = await _hooks.TenantAsync();
        using var http = _hooks.Cluster.First.CreateClient(key);
        // A literal public address (TEST-NET-3): no DNS needed, nothing is sent until an event is queued.
        var (id, _) = await WebhookCluster.RegisterAsync(http, "https://203.0.113.14/hook", "response.completed");
        Assert.StartsWith("wh_", id);
    }
}
