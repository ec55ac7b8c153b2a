using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// <c>POST /v1/chat/abort</c> of a session whose running turn is a resumable stream's run cancels that run for good: the run is
/// recorded cancelled, its stream ends, and a request that takes a run up again (as its reminder does) makes no further model call.
/// </summary>
public sealed class ResumableChatAbortTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task AnAbortCancelsAResumableStreamsRunAndNothingTakesItUpAgain()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        const string session = "abort-resumable";
        const string question = "tell me slowly";
        var idem = "abort-" + Guid.NewGuid().ToString("N");
        Chat.Llm.Enqueue(new FakeReply { Chunks = ["partial ", "answer ", "that ", "never ", "ends ", "because ", "it ", "is ", "slow"], ChunkDelayMs = 1500 });
        var before = Chat.Llm.RequestCount;

        var reading = ChatSse.ReadAsync(http, InSession(ChatSse.Request(question, idem), session));
        // The abort lands while the answer streams: its first words are stored, the rest are still to come.
        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM response_run_events WHERE tenant_id = '{tenant}' AND event::text LIKE '%partial%'") > 0,
            TimeSpan.FromSeconds(30), "the answer's first words");

        using var abort = await http.PostAsJsonAsync("/v1/chat/abort", new { session_id = session });
        Assert.True((await abort.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("aborted").GetBoolean());
        await ApiHelpers.PollAsync(async () => await RunStatusAsync(tenant) == "cancelled", TimeSpan.FromSeconds(20), "the run recorded cancelled");

        var (status, _, events) = await reading;
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("partial", ChatSse.Text(events));
        Assert.DoesNotContain("slow", ChatSse.Text(events));

        // A resend following the stream asks its run, which takes a turn that has not ended up again: this one has, and stays so.
        var (again, _, tail) = await ChatSse.ReadAsync(http, InSession(ChatSse.Request(question, idem, lastEventId: events[^1].Id), session));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Empty(tail);
        Assert.Equal("cancelled", await RunStatusAsync(tenant));

        // The session's next turn waits for no other: one model call more, its own.
        var (next, body) = await ChatCluster.ChatAsync(http, "are you there?", session);
        using (next)
        {
            Assert.True(next.StatusCode == HttpStatusCode.OK, body.ToString());
        }
        Assert.Equal(before + 2, Chat.Llm.RequestCount);
        Assert.Equal("cancelled", await RunStatusAsync(tenant));
    }

    private Task<string?> RunStatusAsync(string tenant) => Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(
        $"SELECT status FROM response_runs WHERE tenant_id = '{tenant}'");

    private static HttpRequestMessage InSession(HttpRequestMessage request, string session)
    {
        request.Headers.Add("X-Hermes-Session-Id", session);
        return request;
    }
}
