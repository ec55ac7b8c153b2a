using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>Servers that misbehave: each is bounded, the turn ends with an answer, and the silo goes on serving.</summary>
[Collection(McpCollection.Name)]
public sealed class McpHostileServerTests(McpFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;

    /// <summary>Runs one turn in which the model calls <paramref name="tool"/>; returns the receipt status and what the model was told.</summary>
    private async Task<(string Status, string Sent)> CallAsync(HttpClient http, string tool)
    {
        var id = McpFixture.Unique("call_");
        var session = McpFixture.Unique("sess-");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall(tool, "{}", id)), FakeReply.WithText("carried on"));
        var (r, body) = await ChatCluster.ChatAsync(http, McpFixture.Unique("hostile-"), session);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("carried on", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var receipt = (await (await http.GetAsync($"/v1/execution-receipts?session_id={session}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        return (receipt.GetProperty("status").GetString()!, fixture.ToolResultSent(id));
    }

    private async Task SiloStillAnswersAsync(HttpClient http)
    {
        var (r, _) = await ChatCluster.ChatAsync(http, "still there?", McpFixture.Unique("sess-"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task ASlowToolTimesOutAndTheTurnEndsWithAnAnswer()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        await McpFixture.RegisterAsync(http, "hostile", fixture.Hostile.Url);
        var (status, sent) = await CallAsync(http, "hostile__slow");
        Assert.Equal("timeout", status);
        Assert.Contains($"timed out after {McpFixture.TimeoutSeconds} s", sent);
        await SiloStillAnswersAsync(http);
    }

    [Fact]
    public async Task AHugeAnswerIsCutAtTheCap()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        await McpFixture.RegisterAsync(http, "hostile", fixture.Hostile.Url);
        var (status, sent) = await CallAsync(http, "hostile__huge");
        Assert.Equal("success", status);
        Assert.StartsWith(new string('x', McpFixture.MaxOutputChars), sent);
        Assert.InRange(sent.Length, McpFixture.MaxOutputChars, McpFixture.MaxOutputChars + 100);
        Assert.Contains($"cut at {McpFixture.MaxOutputChars} characters", sent);
        await SiloStillAnswersAsync(http);
    }

    [Fact]
    public async Task AMalformedJsonRpcAnswerBecomesAToolError()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var server = await McpFixture.RegisterAsync(http, "bad", fixture.Malformed.Url);
        Assert.True(server.GetProperty("health").GetString() == "ok", server.GetRawText());
        var (status, sent) = await CallAsync(http, "bad__broken");
        Assert.Contains(status, new[] { "error", "timeout" });
        Assert.StartsWith("error:", sent);
        Assert.Equal(1, fixture.Malformed.Calls.Count("broken"));
        await SiloStillAnswersAsync(http);
    }

    [Fact]
    public async Task ATenThousandToolListIsCutToTheLimit()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var server = await McpFixture.RegisterAsync(http, "many", fixture.Many.Url);
        Assert.Equal("ok", server.GetProperty("health").GetString());
        // HERMES_MCP_MAX_TOOLS_PER_SERVER is 64 by default.
        Assert.Equal(64, server.GetProperty("tools").GetArrayLength());

        var marker = McpFixture.Unique("many-");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("many__tool3", "{}", McpFixture.Unique("call_"))), FakeReply.WithText("ran it"));
        var (r, _) = await ChatCluster.ChatAsync(http, marker, McpFixture.Unique("sess-"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var offered = fixture.ToolsOffered(marker);
        Assert.Equal(64, offered.Count(n => n.StartsWith("many__", StringComparison.Ordinal)));
        Assert.DoesNotContain("many__tool64", offered);
    }

    [Fact]
    public async Task AnUnreachableServerIsMarkedUnhealthyAndTheTurnGoesOn()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        // A port nothing listens on: taken and released at once.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = await McpFixture.RegisterAsync(http, "gone", $"http://127.0.0.1:{port}/mcp");
        Assert.Equal("error", server.GetProperty("health").GetString());
        Assert.False(string.IsNullOrEmpty(server.GetProperty("health_error").GetString()));
        await SiloStillAnswersAsync(http);
    }
}
