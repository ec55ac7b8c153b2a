using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Runs;
using HermesX.IntegrationTests.Webhooks;
using HermesX.Testing;
using static HermesX.IntegrationTests.Approvals.ApprovalFlow;

namespace HermesX.IntegrationTests.Approvals;

/// <summary>Silos whose approval requests time out after 2 seconds, and that deliver webhooks to loopback receivers.</summary>
public sealed class ApprovalTimeoutFixture : IAsyncLifetime
{
    public ChatCluster Chat { get; private set; } = null!;

    public async Task InitializeAsync() => Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string>(WebhookCluster.Loopback)
    {
        ["HERMES_APPROVAL_TIMEOUT_SECONDS"] = "2",
        ["HERMES_MAX_ITERATIONS"] = "3",
    });

    public async Task DisposeAsync() => await Chat.DisposeAsync();
}

/// <summary>
/// A call nobody decides is denied once HERMES_APPROVAL_TIMEOUT_SECONDS have passed: recorded (and audited as
/// <c>timeout</c>) by the deadline's reminder, told to the model, and a background run waiting on it goes on by itself.
/// </summary>
public sealed class ApprovalTimeoutTests(ApprovalTimeoutFixture fixture) : IClassFixture<ApprovalTimeoutFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task ABackgroundRunNobodyAnswersIsDeniedAtTheDeadlineAndCompletesOnItsOwn()
    {
        var (tenant, _, key) = await TenantAsync(Chat, role: "admin");
        using var http = Chat.Cluster.First.CreateClient(key);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await WebhookCluster.RegisterAsync(http, receiver.Url, "response.requires_action", "response.completed");
        await receiver.ConfigureAsync(secret, "ok");
        var marker = "water plants " + Guid.NewGuid().ToString("N");
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("todo", AddTodo(marker)), new FakeReply { Text = "nobody answered, so nothing was added" });

        var id = (await RunHttp.CreateAsync(http, new { model = ChatCluster.Model, input = "add " + marker })).GetProperty("id").GetString()!;

        var seen = await receiver.WaitForAsync(r => r.Count(x => x.Status == 200) >= 2, Limit, "the run's requires_action and completed events");
        Assert.All(seen, r => Assert.True(r.Verified, r.VerifyError));
        var byType = seen.Where(r => r.Status == 200).ToDictionary(r => r.Body.GetProperty("type").GetString()!, r => r.Body.GetProperty("data"));
        var waiting = byType["response.requires_action"];
        Assert.Equal(id, waiting.GetProperty("id").GetString());
        Assert.Equal("requires_action", waiting.GetProperty("status").GetString());
        Assert.Equal("todo", OnlyRequest(waiting).GetProperty("name").GetString());
        var done = byType["response.completed"];
        Assert.Equal("completed", done.GetProperty("status").GetString());

        var final = await RunHttp.WaitForStatusAsync(http, id, "completed", Limit);
        Assert.Equal("nobody answered, so nothing was added", Text(final));
        Assert.Equal(0L, await CountAsync(Chat, $"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}'"));
        Assert.Equal(0L, await CountAsync(Chat, $"SELECT count(*) FROM todos WHERE tenant_id = '{tenant}'"));
        Assert.Equal(["timeout"], await ActorsAsync(Chat, tenant, "tool_approval.timed_out"));
        Assert.Contains("nobody approved", Chat.Llm.Requests[^1].Body);
    }

    [Fact]
    public async Task AResponseNobodyAnswersIsDeniedAtTheDeadlineAndALateDecisionIsRefused()
    {
        var (tenant, _, key) = await TenantAsync(Chat);
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = "feed cat " + Guid.NewGuid().ToString("N");
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("todo", AddTodo(marker)), new FakeReply { Text = "moving on" });

        var (status, asked) = await RespondAsync(http, new { input = "add " + marker });
        Assert.Equal(HttpStatusCode.OK, status);
        var id = asked.GetProperty("id").GetString()!;
        var approvalId = OnlyRequest(asked).GetProperty("id").GetString()!;

        // Recorded by the deadline's reminder, before anybody comes back.
        await ApiHelpers.PollAsync(async () => (await ActorsAsync(Chat, tenant, "tool_approval.timed_out")).Count == 1, Limit, "the timeout's audit row");
        Assert.Equal(1L, await CountAsync(Chat, $"SELECT count(*) FROM tool_approvals WHERE tenant_id = '{tenant}' AND id = '{approvalId}' AND status = 'timed_out' AND decided_by = 'timeout'"));

        var (late, lateError) = await RespondAsync(http, Decide(id, approvalId, approve: true));
        Assert.Equal(HttpStatusCode.BadRequest, late);
        Assert.Equal("approval_request_id", lateError.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains("timed_out", lateError.GetProperty("error").GetProperty("message").GetString());

        var (next, answer) = await RespondAsync(http, new { previous_response_id = id, input = "what now?" });
        Assert.Equal(HttpStatusCode.OK, next);
        Assert.Equal("moving on", Text(answer));
        Assert.Equal(0L, await CountAsync(Chat, $"SELECT count(*) FROM todos WHERE tenant_id = '{tenant}'"));
        var body = Chat.Llm.Requests[^1].Body;
        Assert.Contains("nobody approved", body);
        Assert.True(body.IndexOf("nobody approved", StringComparison.Ordinal) < body.IndexOf("what now?", StringComparison.Ordinal),
            "the timed-out call's result comes before the new message");
    }
}
