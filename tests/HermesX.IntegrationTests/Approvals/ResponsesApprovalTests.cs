using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Clients;
using HermesX.Testing;
using static HermesX.IntegrationTests.Approvals.ApprovalFlow;

namespace HermesX.IntegrationTests.Approvals;

/// <summary>
/// A tool needing approval stops a Responses turn in requires_action with an mcp_approval_request; the caller's
/// mcp_approval_response runs it (once, with its receipt) or denies it (it never runs), and the conversation goes on.
/// </summary>
public sealed class ResponsesApprovalTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task AnApprovedCallRunsOnceAfterTheDecisionAndTheAnswerCompletes()
    {
        var (tenant, keyId, key) = await TenantAsync(Chat);
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = "buy milk " + Guid.NewGuid().ToString("N");
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("todo", AddTodo(marker)), new FakeReply { Text = "added it" });

        var (status, asked) = await RespondAsync(http, new { input = "add " + marker });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("requires_action", asked.GetProperty("status").GetString());
        var request = OnlyRequest(asked);
        var approvalId = request.GetProperty("id").GetString()!;
        Assert.StartsWith("apr_", approvalId);
        Assert.Equal("hermes", request.GetProperty("server_label").GetString());
        Assert.Equal("todo", request.GetProperty("name").GetString());
        Assert.Contains(marker, request.GetProperty("arguments").GetString());
        // Nothing ran yet, and the stored response says the same.
        Assert.Equal(0L, await CountAsync(Chat, $"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}'"));
        var id = asked.GetProperty("id").GetString()!;
        var stored = await (await http.GetAsync($"/v1/responses/{id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("requires_action", stored.GetProperty("status").GetString());
        Assert.Equal(approvalId, OnlyRequest(stored).GetProperty("id").GetString());

        // The conversation cannot move on without the decision, nor be answered by a made-up result.
        var (moveOn, refused) = await RespondAsync(http, new { previous_response_id = id, input = "never mind" });
        Assert.Equal(HttpStatusCode.BadRequest, moveOn);
        Assert.Contains(approvalId, refused.GetProperty("error").GetProperty("message").GetString());
        var (unknown, unknownError) = await RespondAsync(http, Decide(id, "apr_" + Guid.NewGuid().ToString("N"), true));
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Equal("approval_request_id", unknownError.GetProperty("error").GetProperty("param").GetString());
        var (chat, chatBody) = await ChatCluster.ChatAsync(http, "and now?", asked.GetProperty("session_id").GetString());
        using (chat)
        {
            Assert.Equal(HttpStatusCode.Conflict, chat.StatusCode);
            Assert.Equal("approval_pending", chatBody.GetProperty("error").GetProperty("code").GetString());
        }

        var (decided, answer) = await RespondAsync(http, Decide(id, approvalId, approve: true));
        Assert.Equal(HttpStatusCode.OK, decided);
        Assert.Equal("completed", answer.GetProperty("status").GetString());
        Assert.Equal("added it", Text(answer));
        Assert.Equal(1L, await CountAsync(Chat, $"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND tool_name = 'todo'"));
        Assert.Equal(1L, await CountAsync(Chat, $"SELECT count(*) FROM todos WHERE tenant_id = '{tenant}' AND text = '{marker}'"));
        Assert.Equal([keyId], await ActorsAsync(Chat, tenant, "tool_approval.approved"));

        // A decision counts once.
        var (again, againError) = await RespondAsync(http, Decide(answer.GetProperty("id").GetString()!, approvalId, true));
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("approval_request_id", againError.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(1L, await CountAsync(Chat, $"SELECT count(*) FROM todos WHERE tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task ADeniedCallNeverRunsAndTheModelIsToldAPersonDeniedIt()
    {
        var (tenant, keyId, key) = await TenantAsync(Chat);
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = "sell milk " + Guid.NewGuid().ToString("N");
        Chat.Llm.Reset();
        var callId = "call_" + Guid.NewGuid().ToString("N");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("todo", AddTodo(marker), callId)), new FakeReply { Text = "understood, not added" });

        var (_, asked) = await RespondAsync(http, new { input = "add " + marker });
        var approvalId = OnlyRequest(asked).GetProperty("id").GetString()!;
        // Answering the call with a result of one's own does not get around the decision.
        var (forged, _) = await RespondAsync(http, new
        {
            previous_response_id = asked.GetProperty("id").GetString(),
            input = new object[] { new { type = "function_call_output", call_id = callId, output = "added" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, forged);
        var (decided, answer) = await RespondAsync(http, Decide(asked.GetProperty("id").GetString()!, approvalId, approve: false, reason: "not today"));

        Assert.Equal(HttpStatusCode.OK, decided);
        Assert.Equal("completed", answer.GetProperty("status").GetString());
        Assert.Equal("understood, not added", Text(answer));
        Assert.Equal(0L, await CountAsync(Chat, $"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}'"));
        Assert.Equal(0L, await CountAsync(Chat, $"SELECT count(*) FROM todos WHERE tenant_id = '{tenant}'"));
        var last = Chat.Llm.Requests[^1].Body;
        Assert.Contains("a person denied this call", last);
        Assert.Contains("not today", last);
        Assert.Equal([keyId], await ActorsAsync(Chat, tenant, "tool_approval.denied"));
    }

    [Fact]
    public async Task TheOpenAiNodeSdkSeesTheApprovalRequestAndApprovesIt()
    {
        var (tenant, _, key) = await TenantAsync(Chat);
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("todo", AddTodo("approve me")), new FakeReply { Text = "added with your approval" });

        var result = (await NodeScript.ClientAsync("responses-approval-openai.mjs", Chat.Cluster.First.BaseAddress, key, ChatCluster.Model)).Result();

        Assert.Equal("requires_action", result.GetProperty("askedStatus").GetString());
        Assert.Equal("hermes", result.GetProperty("serverLabel").GetString());
        Assert.Equal("todo", result.GetProperty("name").GetString());
        Assert.Equal("completed", result.GetProperty("answeredStatus").GetString());
        Assert.Equal("added with your approval", result.GetProperty("answerText").GetString());
        Assert.Equal(1L, await CountAsync(Chat, $"SELECT count(*) FROM todos WHERE tenant_id = '{tenant}' AND text = 'approve me'"));
    }
}
