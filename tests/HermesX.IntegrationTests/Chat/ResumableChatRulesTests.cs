using System.Net;
using System.Text.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// What makes a chat stream resumable and what a resend with Last-Event-ID may ask: only a stream sent with an Idempotency-Key
/// is numbered and stored; a malformed or unusable Last-Event-ID is refused naming the header, before anything runs; an id at
/// or past the end gets an empty tail; events past their retention window are 410, while a resend without the header still gets the answer.
/// </summary>
public sealed class ResumableChatRulesTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private static string NewKey() => "idem-" + Guid.NewGuid().ToString("N");

    private Task<long> CountAsync(string table, string tenant) =>
        Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM {table} WHERE tenant_id = '{tenant}'");

    [Fact]
    public async Task OnlyAStreamSentWithAnIdempotencyKeyIsNumberedAndStored()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);

        using (var plain = await http.SendAsync(ChatSse.Request("no key, no ids", null)))
        {
            var body = await plain.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.Contains("data: [DONE]", body);
            Assert.DoesNotContain(body.Split('\n'), l => l.StartsWith("id:", StringComparison.Ordinal));
        }
        Assert.Equal(0L, await CountAsync("response_runs", tenant));
        Assert.Equal(0L, await CountAsync("response_run_events", tenant));

        var (status, _, events) = await ChatSse.ReadAsync(http, ChatSse.Request("with a key", NewKey()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Enumerable.Range(0, events.Count), ChatSse.Ids(events));
        Assert.Equal("Fake reply to: with a key", ChatSse.Text(events));
        Assert.Equal(1L, await CountAsync("response_runs", tenant));
        Assert.True(await CountAsync("response_run_events", tenant) >= 2);
    }

    [Fact]
    public async Task AnUnusableLastEventIdIsRefusedNamingTheHeaderBeforeAnythingRuns()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var before = Chat.Llm.RequestCount;
        var refusals = new[]
        {
            ChatSse.Request("hi", NewKey(), lastEventId: "abc"),
            ChatSse.Request("hi", NewKey(), lastEventId: "-1"),
            ChatSse.Request("hi", NewKey(), lastEventId: "1.5"),
            ChatSse.Request("hi", NewKey(), lastEventId: "99999999999"),
            ChatSse.Request("hi", null, lastEventId: "3"),
            ChatSse.Request("hi", NewKey(), lastEventId: "3", stream: false),
        };
        foreach (var request in refusals)
        {
            using var r = await http.SendAsync(request);
            var error = (await r.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
            Assert.Equal("Last-Event-ID", error.GetProperty("param").GetString());
            Assert.Contains("Last-Event-ID", error.GetProperty("message").GetString());
        }
        // A key that started no stream has nothing to resume.
        using (var unknown = await http.SendAsync(ChatSse.Request("hi", NewKey(), lastEventId: "3")))
        {
            var error = (await unknown.ExpectJsonAsync(HttpStatusCode.NotFound)).GetProperty("error");
            Assert.Equal("Last-Event-ID", error.GetProperty("param").GetString());
        }
        Assert.Equal(0, Chat.Llm.RequestCount - before);
        Assert.Equal(0L, await CountAsync("sessions", tenant));
        Assert.Equal(0L, await CountAsync("response_runs", tenant));
    }

    [Fact]
    public async Task ALastEventIdAtOrPastTheEndOfAnEndedStreamGetsAnEmptyTail()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var idem = NewKey();
        var (_, _, all) = await ChatSse.ReadAsync(http, ChatSse.Request("a short one", idem));
        Assert.Equal("[DONE]", all[^1].Data);

        foreach (var after in new[] { all[^1].Id!, "1000" })
        {
            var (status, _, tail) = await ChatSse.ReadAsync(http, ChatSse.Request("a short one", idem, lastEventId: after));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Empty(tail);
        }
        var (_, _, last) = await ChatSse.ReadAsync(http, ChatSse.Request("a short one", idem, lastEventId: all[^2].Id));
        Assert.Equal([all[^1]], last);
    }

    [Fact]
    public async Task EventsPastRetentionAreGoneWith410WhileAResendWithoutLastEventIdGetsTheStoredAnswer()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var idem = NewKey();
        var before = Chat.Llm.RequestCount;
        var (_, _, all) = await ChatSse.ReadAsync(http, ChatSse.Request("remember this", idem));
        Assert.Equal("[DONE]", all[^1].Data);
        // What the maintenance run does to the events of runs ended longer ago than HERMES_RUN_EVENTS_RETENTION_HOURS.
        await Chat.Cluster.Database.ExecuteAsSuperuserAsync($"DELETE FROM response_run_events WHERE tenant_id = '{tenant}'");

        using (var gone = await http.SendAsync(ChatSse.Request("remember this", idem, lastEventId: "0")))
        {
            var error = (await gone.ExpectJsonAsync(HttpStatusCode.Gone)).GetProperty("error");
            Assert.Equal("stream_expired", error.GetProperty("code").GetString());
            Assert.Equal("Last-Event-ID", error.GetProperty("param").GetString());
            Assert.Contains("HERMES_RUN_EVENTS_RETENTION_HOURS", error.GetProperty("message").GetString());
        }
        var (status, headers, replay) = await ChatSse.ReadAsync(http, ChatSse.Request("remember this", idem));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("true", headers["Idempotent-Replayed"]);
        Assert.Equal("Fake reply to: remember this", ChatSse.Text(replay));
        Assert.Equal(1, Chat.Llm.RequestCount - before);
    }
}
