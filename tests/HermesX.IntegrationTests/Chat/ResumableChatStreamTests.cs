using System.Net;
using System.Text.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Cluster;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// A Chat Completions stream sent with an Idempotency-Key, read in part, then resent with Last-Event-ID to the other silo
/// (also once the first silo was killed): the rest of its events, each exactly once, in order.
/// </summary>
public sealed class ResumableChatStreamTests
{
    private const int FirstRead = 6;

    [Fact]
    public async Task AStreamResumedWithLastEventIdOnTheOtherSiloGivesTheRestExactlyOnceInOrder()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2);
        var (_, key) = await chat.TenantWithKeyAsync();
        using var first = chat.Cluster.Silos[0].CreateClient(key);
        using var second = chat.Cluster.Silos[1].CreateClient(key);
        var chunks = Enumerable.Range(0, 12).Select(i => $"word{i} ").ToArray();
        chat.Llm.Enqueue(new FakeReply { Chunks = chunks, ChunkDelayMs = 150 });
        var idem = "resume-" + Guid.NewGuid().ToString("N");
        const string question = "tell me twelve words";

        var (_, _, head) = await ChatSse.ReadAsync(first, ChatSse.Request(question, idem), take: FirstRead);
        var (status, _, rest) = await ChatSse.ReadAsync(second, ChatSse.Request(question, idem, lastEventId: head[^1].Id));

        Assert.Equal(HttpStatusCode.OK, status);
        var all = head.Concat(rest).ToList();
        Assert.Equal(Enumerable.Range(0, all.Count), ChatSse.Ids(all));
        Assert.Equal("[DONE]", all[^1].Data);
        Assert.Equal(string.Concat(chunks), ChatSse.Text(all));
        var finish = JsonDocument.Parse(all[^2].Data).RootElement;
        Assert.Equal("stop", finish.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var ids = all.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("id").GetString()).Distinct().ToList();
        Assert.StartsWith("chatcmpl-", Assert.Single(ids));
        Assert.Equal(1, chat.Llm.RequestCount);

        // Resent without Last-Event-ID, from either silo: the very same events, replayed, and still one model call.
        var (again, headers, replay) = await ChatSse.ReadAsync(first, ChatSse.Request(question, idem));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal("true", headers["Idempotent-Replayed"]);
        Assert.Equal(all, replay);
        Assert.Equal(1, chat.Llm.RequestCount);
    }

    [Fact]
    public async Task AStreamResumedAfterItsSiloWasKilledGivesTheRestExactlyOnceInOrder()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2, FailoverTests.Unlimited);
        var (tenant, key) = await chat.TenantWithKeyAsync();
        var (doomed, survivor) = (chat.Cluster.Silos[0], chat.Cluster.Silos[1]);
        using var http = doomed.CreateClient(key);
        using var other = survivor.CreateClient(key);
        // Long enough that the kill lands while the answer streams; its redo is the fake's default reply.
        var parts = Enumerable.Range(0, 40).Select(i => $"part{i} ").ToArray();
        chat.Llm.Enqueue(new FakeReply { Chunks = parts, ChunkDelayMs = 500 });
        var idem = "killed-" + Guid.NewGuid().ToString("N");
        const string question = "a long story";

        var (_, _, head) = await ChatSse.ReadAsync(http, ChatSse.Request(question, idem), take: FirstRead);
        Assert.StartsWith("part0 ", ChatSse.Text(head));
        await doomed.KillAsync();
        List<ChatSseEvent> rest = [];
        // Until membership declares the dead silo, the resend may meet it and fail: the client sends it again, as a client would.
        await ApiHelpers.PollAsync(async () =>
        {
            try
            {
                var (status, _, events) = await ChatSse.ReadAsync(other, ChatSse.Request(question, idem, lastEventId: head[^1].Id));
                rest = events;
                return status == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(120), "the stream resumed on the survivor");

        var all = head.Concat(rest).ToList();
        Assert.Equal(Enumerable.Range(0, all.Count), ChatSse.Ids(all));
        Assert.Equal("[DONE]", all[^1].Data);
        // The answer cut short by the kill is void from the interruption on; the redo's text follows it whole.
        var cut = Assert.Single(Enumerable.Range(0, all.Count), i => all[i].Name == "hermes.interrupted");
        Assert.Equal("interrupted", JsonDocument.Parse(all[cut].Data).RootElement.GetProperty("hermes").GetProperty("type").GetString());
        var before = ChatSse.Text(all.Take(cut));
        Assert.StartsWith(ChatSse.Text(head), before);
        Assert.StartsWith(before, string.Concat(parts));
        Assert.Equal("Fake reply to: a long story", ChatSse.Text(all.Skip(cut + 1)));
        // One answer stored in the session: the redo's.
        Assert.Equal(["user", "assistant"], await chat.Cluster.Database.ColumnAsSuperuserAsync(
            $"SELECT role FROM messages WHERE tenant_id = '{tenant}' ORDER BY seq"));
    }
}
