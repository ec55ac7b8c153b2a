using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Runs;

/// <summary>
/// <c>POST /v1/chat/abort</c> of the session of a running background response cancels it as <c>POST /v1/responses/{id}/cancel</c>
/// would: recorded cancelled, and a request for it (which takes a run that has not ended up again, as its reminder does) makes no further model call.
/// </summary>
public sealed class BackgroundRunAbortTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task AnAbortOfItsSessionCancelsABackgroundResponseForGood()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        const string session = "abort-background";
        Chat.Llm.Enqueue(new FakeReply { Text = "too late", DelayMs = 60_000 });
        var before = Chat.Llm.RequestCount;

        var id = (await RunHttp.CreateAsync(http, new { input = "take your time" }, session)).GetProperty("id").GetString()!;
        await ApiHelpers.PollAsync(() => Task.FromResult(Chat.Llm.RequestCount > before), TimeSpan.FromSeconds(30), "the model call");

        using var abort = await http.PostAsJsonAsync("/v1/chat/abort", new { session_id = session });
        Assert.True((await abort.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("aborted").GetBoolean());

        var cancelled = await RunHttp.WaitForStatusAsync(http, id, "cancelled", TimeSpan.FromSeconds(20));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", await Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(
            $"SELECT status FROM response_runs WHERE tenant_id = '{tenant}' AND id = '{id}'"));

        var (next, body) = await ChatCluster.ChatAsync(http, "after the abort", session);
        using (next)
        {
            Assert.True(next.StatusCode == HttpStatusCode.OK, body.ToString());
        }
        Assert.Equal(before + 2, Chat.Llm.RequestCount);
        Assert.Equal("cancelled", (await RunHttp.GetAsync(http, id)).Body.GetProperty("status").GetString());
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM responses WHERE tenant_id = '{tenant}' AND id = '{id}'"));
    }
}
