using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// Every 2xx turn answer names a session that is in Postgres afterwards, whatever the endpoint, plain
/// or streamed; answers share a session only by the README's rule: the same caller's same
/// Idempotency-Key (the later answers replayed), or a response continued by previous_response_id.
/// </summary>
public sealed class SessionPerAnswerTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private const string SessionHeader = "X-Hermes-Session-Id";

    private ChatCluster Chat => fixture.Chat;

    /// <summary>One 2xx answer: the session it named, the key it was sent with, and whether it was a replay.</summary>
    private sealed record Answer(string What, string? Key, string Session, bool Replayed, string? Continues = null);

    private static readonly object LookupTool = new
    {
        type = "function",
        function = new { name = "lookup", description = "Look a word up", parameters = new { type = "object", properties = new { q = new { type = "string" } } } },
    };

    private static async Task<(Answer Answer, string Body)> SendAsync(HttpClient http, string what, string path, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        if (path == "/v1/messages")
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: {(int)response.StatusCode} {text}");
        Assert.DoesNotContain("event: error", text, StringComparison.Ordinal);
        var session = Assert.Single(response.Headers.GetValues(SessionHeader));
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var r) && r.Single() == "true";
        return (new Answer(what, key, session, replayed), text);
    }

    private static object ChatBody(string text, bool stream = false, object? tools = null) => tools is null
        ? new { model = ChatCluster.Model, stream, messages = new[] { new { role = "user", content = text } } }
        : new { model = ChatCluster.Model, stream, tools, messages = new[] { new { role = "user", content = text } } };

    private static object Messages(string text, bool stream = false) =>
        new { model = ChatCluster.Model, max_tokens = 64, stream, messages = new[] { new { role = "user", content = text } } };

    [Fact]
    public async Task EveryTwoHundredAnswerNamesAStoredSessionAndOnlyARepeatedKeyOrAContinuationSharesOne()
    {
        var (tenant, key) = await Chat.UnlimitedTenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var answers = new List<Answer>();
        async Task<string> Send(string what, string path, object body, string? idem = null)
        {
            var (answer, text) = await SendAsync(http, what, path, body, idem);
            answers.Add(answer);
            return text;
        }
        var run = Guid.NewGuid().ToString("N")[..8];

        for (var i = 0; i < 4; i++)
        {
            await Send($"chat {i}", "/v1/chat/completions", ChatBody($"plain {i}"));
            await Send($"streamed chat {i}", "/v1/chat/completions", ChatBody($"streamed {i}", stream: true));
        }
        await Send("agent chat", "/v1/agent/chat", ChatBody("through the alias"));
        await Send("server tool", "/v1/chat/completions", ChatBody("call:current_time"));
        await Send("streamed server tool", "/v1/chat/completions", ChatBody("call:calculator {\"expression\":\"2+2\"}", stream: true));
        await Send("cut by max_tokens", "/v1/chat/completions",
            new { model = ChatCluster.Model, max_tokens = 1, stream = true, messages = new[] { new { role = "user", content = "a long answer" } } });

        // A repeated key: the resend, even with other messages, is the first turn's answer in its session.
        await Send("keyed chat", "/v1/chat/completions", ChatBody("book a table"), $"chat-{run}");
        await Send("keyed chat resent", "/v1/chat/completions", ChatBody("book a table"), $"chat-{run}");
        await Send("keyed chat resent, other text", "/v1/chat/completions", ChatBody("book two tables"), $"chat-{run}");
        await Send("keyed streamed chat", "/v1/chat/completions", ChatBody("stream it", stream: true), $"stream-{run}");
        await Send("keyed streamed chat resent", "/v1/chat/completions", ChatBody("stream it", stream: true), $"stream-{run}");
        // Two sends of one key at once: the session's turns run in order, the second finds the first's answer.
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            SendAsync(http, "concurrent keyed chat", "/v1/chat/completions", ChatBody("at once"), $"conc-{run}")));
        answers.AddRange(concurrent.Select(c => c.Answer));
        // One key across endpoints: the same caller's key names one session whichever endpoint carries it.
        await Send("keyed chat, then messages", "/v1/chat/completions", ChatBody("cross"), $"cross-{run}");
        await Send("messages with the chat's key", "/v1/messages", Messages("cross"), $"cross-{run}");

        // Client tools: the call comes back, the tool's answer (the whole conversation, no session id) is a new session.
        var call = JsonDocument.Parse(await Send("client tool call", "/v1/chat/completions", ChatBody("call:lookup {\"q\":\"hermes\"}", tools: new[] { LookupTool })))
            .RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0];
        await Send("streamed client tool call", "/v1/chat/completions", ChatBody("call:lookup {\"q\":\"zeus\"}", stream: true, tools: new[] { LookupTool }));
        await Send("client tool answer", "/v1/chat/completions", new
        {
            model = ChatCluster.Model,
            tools = new[] { LookupTool },
            messages = new object[]
            {
                new { role = "user", content = "call:lookup {\"q\":\"hermes\"}" },
                new { role = "assistant", content = (string?)null, tool_calls = new[] { call } },
                new { role = "tool", tool_call_id = call.GetProperty("id").GetString(), content = "a messenger" },
            },
        });

        // Messages and Responses, plain and streamed, keyed and resent.
        await Send("messages", "/v1/messages", Messages("anthropic"));
        await Send("streamed messages", "/v1/messages", Messages("anthropic stream", stream: true));
        await Send("keyed messages", "/v1/messages", Messages("anthropic keyed"), $"msg-{run}");
        await Send("keyed messages resent", "/v1/messages", Messages("anthropic keyed"), $"msg-{run}");
        var first = JsonDocument.Parse(await Send("response", "/v1/responses", new { model = ChatCluster.Model, input = "responses" })).RootElement;
        await Send("streamed response", "/v1/responses", new { model = ChatCluster.Model, input = "responses stream", stream = true });
        await Send("unstored response", "/v1/responses", new { model = ChatCluster.Model, input = "not stored", store = false });
        await Send("keyed response", "/v1/responses", new { model = ChatCluster.Model, input = "responses keyed" }, $"resp-{run}");
        await Send("keyed response resent", "/v1/responses", new { model = ChatCluster.Model, input = "responses keyed" }, $"resp-{run}");
        var previous = first.GetProperty("id").GetString()!;
        var (continued, _) = await SendAsync(http, "continued response", "/v1/responses",
            new { model = ChatCluster.Model, input = "and then?", previous_response_id = previous });
        answers.Add(continued with { Continues = first.GetProperty("session_id").GetString() });

        // Every session an answer named is in Postgres, and the caller can read it.
        var named = answers.Select(a => a.Session).Distinct().ToList();
        foreach (var session in named)
        {
            using var get = await http.GetAsync($"/v1/sessions/{session}");
            Assert.True(get.StatusCode == HttpStatusCode.OK,
                $"{string.Join(", ", answers.Where(a => a.Session == session).Select(a => a.What))}: session {session} was answered 200 but is not stored");
        }
        Assert.Equal(named.Count, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE tenant_id = '{tenant}'"));

        // Answers share a session only by the rule: one key (the first answered, the rest replayed), or a continuation.
        foreach (var group in answers.GroupBy(a => a.Session).Where(g => g.Count() > 1))
        {
            var opening = group.Where(a => a.Continues is null).ToList();
            Assert.All(group.Where(a => a.Continues is not null), a => Assert.Equal(a.Continues, a.Session));
            if (opening.Count > 1)
            {
                var keys = opening.Select(a => a.Key).Distinct().ToList();
                Assert.True(keys is [not null], $"{string.Join(", ", opening.Select(a => a.What))} share session {group.Key} without one Idempotency-Key");
                Assert.Single(opening, a => !a.Replayed);
            }
        }
        var keyed = answers.Where(a => a.Key is not null).GroupBy(a => a.Key).ToList();
        Assert.All(keyed, g => Assert.Single(g.Select(a => a.Session).Distinct()));
        // So there are as many sessions as answers, less every resend of a key and the one continuation.
        Assert.Equal(answers.Count - keyed.Sum(g => g.Count() - 1) - 1, named.Count);
    }

    [Fact]
    public async Task ASessionMintedForARequestWithoutOneLeavesMemoryAfterItsTurnAndContinuesFromPostgres()
    {
        var (tenant, key) = await Chat.UnlimitedTenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (first, _) = await ChatCluster.ChatAsync(http, "remember the number forty-two");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var session = Assert.Single(first.Headers.GetValues(SessionHeader));

        // Its activation goes once the answer is out: the tenant has no session in memory on the silo that served it.
        using var anonymous = Chat.Cluster.First.CreateClient();
        var active = -1.0;
        for (var wait = 0; wait < 100 && active != 0; wait++)
        {
            await Task.Delay(100);
            var scrape = Observability.PrometheusText.Parse(await anonymous.GetStringAsync("/v1/metrics"));
            active = scrape.Samples.Where(x => x.Name == "hermes_active_sessions" && x.Label("tenant_id") == tenant).Sum(x => x.Value);
        }
        Assert.Equal(0, active);

        // Continued by its id, it is read back from Postgres: the model is sent the first turn too.
        var (second, body) = await ChatCluster.ChatAsync(http, "which number?", session);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var (alone, aloneBody) = await ChatCluster.ChatAsync(http, "which number?");
        Assert.Equal(HttpStatusCode.OK, alone.StatusCode);
        Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > aloneBody.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(),
            $"continued: {body}, alone: {aloneBody}");
        using var messages = await http.GetAsync($"/v1/sessions/{session}/messages");
        Assert.Equal(4, (await messages.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").GetArrayLength());
    }
}
