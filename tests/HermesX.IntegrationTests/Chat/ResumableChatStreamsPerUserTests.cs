using System.Net;
using System.Text.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// A resumable chat stream holds one of its user's max_streams_per_user slots while it is written, as a stream without a key does:
/// another stream over the limit, with a key or without, or a resend following it, is refused alike; once it ended, one is admitted.
/// </summary>
public sealed class ResumableChatStreamsPerUserTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private static string NewKey() => "slot-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task AResumableStreamHoldsAStreamSlotWhileItIsWritten()
    {
        var (tenant, _, key) = await Chat.TenantAndKeyAsync(new { max_streams_per_user = 1 });
        using var http = Chat.Cluster.First.CreateClient(key);
        Chat.Llm.Enqueue(new FakeReply { Chunks = ["slow ", "stream ", "here"], ChunkDelayMs = 1000 });
        var held = NewKey();
        using var first = await http.SendAsync(ChatSse.Request("slow", held), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var plain = await RefusedAsync(http, ChatSse.Request("plain", null));
        Assert.Equal("quota_exceeded", plain.GetProperty("code").GetString());
        Assert.Equal("max_streams_per_user", plain.GetProperty("param").GetString());
        foreach (var request in new[] { ChatSse.Request("keyed", NewKey()), ChatSse.Request("slow", held, lastEventId: "0") })
        {
            var keyed = await RefusedAsync(http, request);
            Assert.Equal(plain.GetProperty("code").GetString(), keyed.GetProperty("code").GetString());
            Assert.Equal(plain.GetProperty("param").GetString(), keyed.GetProperty("param").GetString());
            Assert.Equal(plain.GetProperty("message").GetString(), keyed.GetProperty("message").GetString());
        }
        // Refused before its run started: only the held stream's run exists.
        Assert.Equal(1L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM response_runs WHERE tenant_id = '{tenant}'"));

        Assert.Contains("data: [DONE]\n", await first.Content.ReadAsStringAsync());
        // The slot is handed back as the stream's request ends, just after its last byte.
        List<ChatSseEvent> events = [];
        await ApiHelpers.PollAsync(async () =>
        {
            var (status, _, read) = await ChatSse.ReadAsync(http, ChatSse.Request("after", NewKey()));
            events = read;
            return status == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(20), "a stream admitted once the first ended");
        Assert.Equal("Fake reply to: after", ChatSse.Text(events));
    }

    private static async Task<JsonElement> RefusedAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            return (await response.ExpectJsonAsync(HttpStatusCode.TooManyRequests)).GetProperty("error");
        }
    }
}
