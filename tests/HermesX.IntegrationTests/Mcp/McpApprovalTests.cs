using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Approvals;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>A server's require_approval (OpenAI's filter object) stops calls of the tools it names until a person approves them.</summary>
[Collection(McpCollection.Name)]
public sealed class McpApprovalTests(McpFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task AToolTheServerMarksWaitsForApprovalUnderTheServersLabelAndRunsOnceApproved()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var server = await McpFixture.RegisterAsync(http, "cs", fixture.Friendly.Url, new { require_approval = new { always = new { tool_names = new[] { "echo" } } } });
        Assert.Equal("echo", server.GetProperty("require_approval").GetProperty("always").GetProperty("tool_names")[0].GetString());
        var text = McpFixture.Unique("approve-");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("cs__echo", $$"""{"text":"{{text}}"}""", McpFixture.Unique("call_"))),
            FakeReply.WithText("echoed"));

        var (status, asked) = await ApprovalFlow.RespondAsync(http, new { input = "echo " + text });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("requires_action", asked.GetProperty("status").GetString());
        var request = ApprovalFlow.OnlyRequest(asked);
        Assert.Equal("cs", request.GetProperty("server_label").GetString());
        Assert.Equal("echo", request.GetProperty("name").GetString());
        Assert.Equal(0, fixture.Friendly.Calls.Count("echo:" + text));

        var (decided, answer) = await ApprovalFlow.RespondAsync(http,
            ApprovalFlow.Decide(asked.GetProperty("id").GetString()!, request.GetProperty("id").GetString()!, approve: true));
        Assert.Equal(HttpStatusCode.OK, decided);
        Assert.Equal("echoed", ApprovalFlow.Text(answer));
        Assert.Equal(1, fixture.Friendly.Calls.Count("echo:" + text));
    }

    [Fact]
    public async Task ARequestServersCallWaitsForApprovalAndRunsOnceWhenTheContinuationApprovesIt()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var text = McpFixture.Unique("req-approve-");
        var call = McpFixture.Unique("call_");
        // OpenAI's clients send the request's tools again with the decision: the server is connected again to run the call.
        var tools = new[] { new { type = "mcp", server_label = "req", server_url = fixture.Friendly.Url, require_approval = "always" } };
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("req__echo", $$"""{"text":"{{text}}"}""", call)), FakeReply.WithText("echoed"));

        var (status, asked) = await ApprovalFlow.RespondAsync(http, new { input = "echo " + text, tools });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("requires_action", asked.GetProperty("status").GetString());
        var request = ApprovalFlow.OnlyRequest(asked);
        Assert.Equal("req", request.GetProperty("server_label").GetString());
        Assert.Equal("echo", request.GetProperty("name").GetString());
        Assert.Equal(0, fixture.Friendly.Calls.Count("echo:" + text));

        var (decided, answer) = await ApprovalFlow.RespondAsync(http, new
        {
            previous_response_id = asked.GetProperty("id").GetString(),
            input = new object[] { new { type = "mcp_approval_response", approval_request_id = request.GetProperty("id").GetString(), approve = true } },
            tools,
        });
        Assert.Equal(HttpStatusCode.OK, decided);
        Assert.Equal("echoed", ApprovalFlow.Text(answer));
        Assert.Equal(1, fixture.Friendly.Calls.Count("echo:" + text));
        var made = Assert.Single(answer.GetProperty("output").EnumerateArray(), i => i.GetProperty("type").GetString() == "mcp_call");
        Assert.Equal("echo: " + text, made.GetProperty("output").GetString());
        Assert.Equal(1L, await ApprovalFlow.CountAsync(Chat,
            $"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND idempotency_id = '{call}'"));
    }

    [Fact]
    public async Task ARequestServersDeniedCallNeverReachesTheServer()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var text = McpFixture.Unique("req-deny-");
        var tools = new[] { new { type = "mcp", server_label = "req", server_url = fixture.Friendly.Url, require_approval = new { always = new { tool_names = new[] { "echo" } } } } };
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("req__echo", $$"""{"text":"{{text}}"}""", McpFixture.Unique("call_"))), FakeReply.WithText("not echoed"));

        var (_, asked) = await ApprovalFlow.RespondAsync(http, new { input = "echo " + text, tools });
        var request = ApprovalFlow.OnlyRequest(asked);
        var (decided, answer) = await ApprovalFlow.RespondAsync(http, new
        {
            previous_response_id = asked.GetProperty("id").GetString(),
            input = new object[] { new { type = "mcp_approval_response", approval_request_id = request.GetProperty("id").GetString(), approve = false } },
            tools,
        });
        Assert.Equal(HttpStatusCode.OK, decided);
        Assert.Equal("not echoed", ApprovalFlow.Text(answer));
        Assert.Equal(0, fixture.Friendly.Calls.Count("echo:" + text));
    }
}
