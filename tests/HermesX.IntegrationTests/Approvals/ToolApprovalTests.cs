using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Runs;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Approvals;

/// <summary>A tenant's <c>tools_requiring_approval</c>: set and validated on the tenant, and a listed tool never runs unapproved.</summary>
public sealed class ToolApprovalTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task UnknownToolNamesAreRefusedByNameAndNothingChanges()
    {
        var (tenant, _) = await Chat.TenantWithKeyAsync();
        using var admin = Chat.Cluster.Admin();
        using (var r = await admin.PatchAsync($"/v1/tenants/{tenant}",
            JsonContent.Create(new { tools_requiring_approval = new[] { "calculator", "rm_rf" }, name = "renamed" })))
        {
            var error = (await r.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
            Assert.Equal("tools_requiring_approval", error.GetProperty("param").GetString());
            Assert.Contains("'rm_rf'", error.GetProperty("message").GetString());
            Assert.DoesNotContain("'calculator'", error.GetProperty("message").GetString());
        }
        using (var r = await admin.PatchAsync($"/v1/tenants/{tenant}", JsonContent.Create(new { tools_requiring_approval = Array.Empty<string>() })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }
        var shown = await admin.GetFromJsonAsync<JsonElement>($"/v1/tenants/{tenant}");
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("tools_requiring_approval").ValueKind);
        Assert.NotEqual("renamed", shown.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AToolNeedingApprovalNeverRunsAndTheModelIsToldItWasDenied()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var admin = Chat.Cluster.Admin();
        using (var r = await admin.PatchAsync($"/v1/tenants/{tenant}", JsonContent.Create(new { tools_requiring_approval = new[] { "todo", "calculator", "todo" } })))
        {
            Assert.Equal(["todo", "calculator"], (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("tools_requiring_approval").EnumerateArray().Select(t => t.GetString()));
        }
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = "buy milk " + Guid.NewGuid().ToString("N");
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("todo", JsonSerializer.Serialize(new { action = "add", text = marker })), new FakeReply { Text = "I could not add it" });

        var (response, body) = await ChatCluster.ChatAsync(http, "add " + marker);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("I could not add it", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }
        var db = Chat.Cluster.Database;
        Assert.Equal(0L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}'"));
        Assert.Equal(0L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM todos WHERE tenant_id = '{tenant}'"));
        // The model's second call carries the denial as the tool's result (its JSON escapes the apostrophe).
        var second = Chat.Llm.Requests.Last(q => q.Body.Contains(marker, StringComparison.Ordinal)).Body;
        Assert.Contains("runs only with a person", second);

        // A tool the list no longer names runs again.
        using (var r = await admin.PatchAsync($"/v1/tenants/{tenant}", JsonContent.Create(new { tools_requiring_approval = new[] { "todo" } })))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("calculator", """{"expression":"6*7"}"""), new FakeReply { Text = "42" });
        var (again, _) = await ChatCluster.ChatAsync(http, "what is 6*7? " + marker);
        using (again)
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        Assert.Equal(1L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND tool_name = 'calculator'"));
    }

    [Fact]
    public async Task ABackgroundRunStopsForApprovalAndABackgroundDecisionRunsTheToolOnce()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var admin = Chat.Cluster.Admin();
        using (var r = await admin.PatchAsync($"/v1/tenants/{tenant}", JsonContent.Create(new { tools_requiring_approval = new[] { "calculator" } })))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        using var http = Chat.Cluster.First.CreateClient(key);
        Chat.Llm.Reset();
        Chat.Llm.Enqueue(FakeReply.WithToolCall("calculator", """{"expression":"6*7"}"""), new FakeReply { Text = "it is 42" });

        var id = (await RunHttp.CreateAsync(http, new { input = "what is 6*7?" })).GetProperty("id").GetString()!;
        var waiting = await RunHttp.WaitForStatusAsync(http, id, "requires_action", TimeSpan.FromSeconds(60));
        var approvalId = ApprovalFlow.OnlyRequest(waiting).GetProperty("id").GetString()!;
        var db = Chat.Cluster.Database;
        Assert.Equal(0L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}'"));

        var next = (await RunHttp.CreateAsync(http, ApprovalFlow.Decide(id, approvalId, approve: true))).GetProperty("id").GetString()!;
        var done = await RunHttp.WaitForStatusAsync(http, next, "completed", TimeSpan.FromSeconds(60));

        Assert.Equal("it is 42", ApprovalFlow.Text(done));
        Assert.Equal(1L, await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND tool_name = 'calculator'"));
        // The run that asked stays as it stopped: another response decided its requests.
        Assert.Equal("requires_action", (await RunHttp.GetAsync(http, id)).Body.GetProperty("status").GetString());
    }
}
