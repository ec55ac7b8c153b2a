using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>A turn offers a tenant's MCP tools as label__tool and calls them as server tools: receipts, audit rows, idempotency.</summary>
[Collection(McpCollection.Name)]
public sealed class McpTurnTests(McpFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task ATurnCallsAToolOnEachServerAndLeavesReceiptsAndAuditRows()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        await McpFixture.RegisterAsync(http, "cs", fixture.Friendly.Url);
        await McpFixture.RegisterAsync(http, "node", fixture.Node.Url);
        var text = McpFixture.Unique("hello-");
        var (csCall, nodeCall) = (McpFixture.Unique("call_"), McpFixture.Unique("call_"));
        Chat.Llm.Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("cs__echo", $$"""{"text":"{{text}}"}""", csCall), new FakeToolCall("node__reverse", $$"""{"text":"{{text}}"}""", nodeCall)),
            FakeReply.WithText("both done"));
        var session = McpFixture.Unique("sess-");
        var (r, body) = await ChatCluster.ChatAsync(http, "use both " + text, session);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("both done", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());

        var offered = fixture.ToolsOffered("use both " + text);
        Assert.Contains("cs__echo", offered);
        Assert.Contains("node__reverse", offered);
        Assert.Equal("echo: " + text, fixture.ToolResultSent(csCall));
        Assert.Equal(new string(text.Reverse().ToArray()), fixture.ToolResultSent(nodeCall));
        Assert.Equal(1, fixture.Friendly.Calls.Count("echo:" + text));
        Assert.Equal(1, await fixture.Node.CallsAsync(text));

        var receipts = (await (await http.GetAsync($"/v1/execution-receipts?session_id={session}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(["cs__echo", "node__reverse"], receipts.EnumerateArray().Select(x => x.GetProperty("tool_name").GetString()!).Order().ToArray());
        Assert.All(receipts.EnumerateArray(), x => Assert.Equal("success", x.GetProperty("status").GetString()));

        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"""
            SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND action = 'MCP tools/call' AND status = 200
              AND detail->>'session_id' = '{session}' AND detail ? 'server_label' AND detail ? 'tool'
            """) == 2, TimeSpan.FromSeconds(30), "two MCP audit rows");
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND action = 'MCP tools/call' AND detail::text LIKE '%{text}%'"));
    }

    [Fact]
    public async Task ARepeatedToolCallIdDoesNotCallTheServerAgain()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        await McpFixture.RegisterAsync(http, "cs", fixture.Friendly.Url);
        var text = McpFixture.Unique("once-");
        var id = McpFixture.Unique("call_");
        Chat.Llm.Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("cs__echo", $$"""{"text":"{{text}}"}""", id)), FakeReply.WithText("first"),
            FakeReply.WithToolCalls(new FakeToolCall("cs__echo", $$"""{"text":"{{text}}"}""", id)), FakeReply.WithText("retried"));
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "echo " + text, McpFixture.Unique("sess-"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "again " + text, McpFixture.Unique("sess-"))).Response.StatusCode);

        Assert.Equal(1, fixture.Friendly.Calls.Count("echo:" + text));
        Assert.Equal(1L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND idempotency_id = '{id}'"));
    }

    [Fact]
    public async Task AToolNamedLikeABuiltInStaysUnderItsLabelAndTheBuiltInRuns()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        await McpFixture.RegisterAsync(http, "cs", fixture.Friendly.Url);
        var expression = "6*7+" + Random.Shared.Next(1000, 9999);
        var id = McpFixture.Unique("call_");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("calculator", $$"""{"expression":"{{expression}}"}""", id)), FakeReply.WithText("computed"));
        var marker = McpFixture.Unique("compute-");
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, marker + " " + expression, McpFixture.Unique("sess-"))).Response.StatusCode);

        var offered = fixture.ToolsOffered(marker);
        Assert.Single(offered, n => n == "calculator");
        Assert.Contains("cs__calculator", offered);
        Assert.DoesNotContain("not the built-in", fixture.ToolResultSent(id));
        Assert.Equal(0, fixture.Friendly.Calls.Count("calculator:" + expression));
    }

    [Fact]
    public async Task AnErrorAnswerReachesTheModelAsAToolError()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        await McpFixture.RegisterAsync(http, "cs", fixture.Friendly.Url, new { allowed_tools = new[] { "fails" } });
        var id = McpFixture.Unique("call_");
        var marker = McpFixture.Unique("fail-");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("cs__fails", "{}", id)), FakeReply.WithText("sorry"));
        var session = McpFixture.Unique("sess-");
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, marker, session)).Response.StatusCode);

        // allowed_tools: only "fails" is offered.
        Assert.Equal(["cs__fails"], fixture.ToolsOffered(marker).Where(n => n.StartsWith("cs__", StringComparison.Ordinal)));
        Assert.Contains("the database is down", fixture.ToolResultSent(id));
        var receipt = (await (await http.GetAsync($"/v1/execution-receipts?session_id={session}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        Assert.Equal("error", receipt.GetProperty("status").GetString());
    }
}
