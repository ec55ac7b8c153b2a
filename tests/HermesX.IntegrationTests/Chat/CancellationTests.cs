using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>A turn cut short (abort endpoint, client gone) stops the model call and keeps the partial answer.</summary>
public sealed class CancellationTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private static HttpRequestMessage StreamRequest(string session, string text) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = JsonContent.Create(new { model = ChatCluster.Model, stream = true, messages = new[] { new { role = "user", content = text } } }),
        Headers = { { "X-Hermes-Session-Id", session } },
    };

    private static FakeReply SlowStream() => new()
    {
        Chunks = ["partial ", "answer ", "that ", "never ", "ends ", "because ", "it ", "is ", "slow"],
        ChunkDelayMs = 1500,
    };

    private async Task<string> ReadUntilFirstDeltaAsync(HttpResponseMessage response)
    {
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains("\"content\":\"partial \""))
            {
                return line;
            }
        }
        throw new InvalidOperationException("stream ended before the first delta");
    }

    [Fact]
    public async Task AbortEndsTheRunningTurnAndKeepsThePartialAnswer()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        Chat.Llm.Enqueue(SlowStream());
        using var response = await http.SendAsync(StreamRequest("sess-abort", "tell me slowly"), HttpCompletionOption.ResponseHeadersRead);
        await ReadUntilFirstDeltaAsync(response);

        using var abort = await http.PostAsJsonAsync("/v1/chat/abort", new { session_id = "sess-abort" });
        Assert.True((await abort.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("aborted").GetBoolean());

        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = 'sess-abort' AND role = 'assistant' AND content LIKE 'partial%'") == 1,
            TimeSpan.FromSeconds(20), "the partial answer persisted");
        Assert.Equal(1L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = 'sess-abort' AND role = 'user'"));

        // The session is usable again at once.
        var (next, _) = await ChatCluster.ChatAsync(http, "are you there?", "sess-abort");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task ClientDisconnectCancelsTheModelCallAndKeepsThePartialAnswer()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        var http = Chat.Cluster.First.CreateClient(key);
        Chat.Llm.Enqueue(SlowStream());
        var response = await http.SendAsync(StreamRequest("sess-gone", "tell me slowly"), HttpCompletionOption.ResponseHeadersRead);
        await ReadUntilFirstDeltaAsync(response);
        response.Dispose();
        http.Dispose();

        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = 'sess-gone' AND role = 'assistant'") == 1,
            TimeSpan.FromSeconds(20), "the partial answer persisted after the client left");
        var content = await Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(
            $"SELECT content FROM messages WHERE tenant_id = '{tenant}' AND session_id = 'sess-gone' AND role = 'assistant'");
        Assert.StartsWith("partial", content);
        Assert.DoesNotContain("slow", content);
    }

    [Fact]
    public async Task AbortOfAnIdleOrUnknownSessionIsHarmless()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        await (await http.PostAsJsonAsync("/v1/chat/abort", new { session_id = "sess-none" })).ExpectErrorAsync(HttpStatusCode.NotFound);
        await ChatCluster.ChatAsync(http, "hi", "sess-idle");
        using var idle = await http.PostAsJsonAsync("/v1/chat/abort", new { session_id = "sess-idle" });
        Assert.False((await idle.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("aborted").GetBoolean());
        await (await http.PostAsJsonAsync("/v1/chat/abort", new { })).ExpectErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnotherUsersOrAnotherTenantsAbortLeavesARunningTurnAlone()
    {
        var (tenant, ownerKey) = await Chat.TenantWithKeyAsync();
        using var admin = Chat.Cluster.Admin();
        var (_, otherUserKey) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, otherTenantKey) = await Chat.TenantWithKeyAsync();
        using var owner = Chat.Cluster.First.CreateClient(ownerKey);
        Chat.Llm.Enqueue(SlowStream());
        using var response = await owner.SendAsync(StreamRequest("sess-foreign", "tell me slowly"), HttpCompletionOption.ResponseHeadersRead);
        await ReadUntilFirstDeltaAsync(response);

        // Neither learns that the session exists, and neither stops it.
        foreach (var key in new[] { otherUserKey, otherTenantKey })
        {
            using var http = Chat.Cluster.First.CreateClient(key);
            using var refused = await http.PostAsJsonAsync("/v1/chat/abort", new { session_id = "sess-foreign" });
            Assert.Equal("not_found", await refused.ExpectErrorAsync(HttpStatusCode.NotFound));
        }

        // The turn was still running: the owner's own abort is the one that ends it.
        using var abort = await owner.PostAsJsonAsync("/v1/chat/abort", new { session_id = "sess-foreign" });
        Assert.True((await abort.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("aborted").GetBoolean());
    }
}
