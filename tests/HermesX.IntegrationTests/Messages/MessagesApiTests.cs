using System.Net;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;
using static HermesX.IntegrationTests.Messages.MessagesClient;

namespace HermesX.IntegrationTests.Messages;

/// <summary>POST /v1/messages, the Anthropic Messages API: a turn of a session, in Anthropic's wire format.</summary>
public sealed class MessagesApiTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private static string Session() => "sess-" + Guid.NewGuid().ToString("N")[..12];

    private Task<long> CountAsync(string table, string tenant) =>
        Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM {table} WHERE tenant_id = '{tenant}'");

    [Fact]
    public async Task AMessageIsAnsweredInAnthropicShapeAndContinuesItsSession()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var (r, body) = await SendAsync(http, Request(Body(User("hello " + marker), new { system = "Be brief " + marker })));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.StartsWith("msg_", body.GetProperty("id").GetString());
        Assert.Equal("message", body.GetProperty("type").GetString());
        Assert.Equal("assistant", body.GetProperty("role").GetString());
        Assert.Equal(ChatCluster.Model, body.GetProperty("model").GetString());
        var block = Assert.Single(body.GetProperty("content").EnumerateArray());
        Assert.Equal("text", block.GetProperty("type").GetString());
        Assert.Equal("Fake reply to: hello " + marker, block.GetProperty("text").GetString());
        Assert.Equal("end_turn", body.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("stop_sequence").ValueKind);
        Assert.True(body.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
        Assert.True(body.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
        Assert.Contains(Chat.Llm.Requests, q => q.Body.Contains("Be brief " + marker) && q.Body.Contains("hello " + marker));

        // A new session was made; the next call names it and sends the whole conversation, as Anthropic clients do.
        var session = r.Headers.GetValues("X-Hermes-Session-Id").Single();
        object[] history =
        [
            new { role = "user", content = "hello " + marker },
            new { role = "assistant", content = new[] { new { type = "text", text = block.GetProperty("text").GetString() } } },
            new { role = "user", content = new[] { new { type = "text", text = "again " + marker } } },
        ];
        var (r2, body2) = await SendAsync(http, Request(Body(history), session));
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Equal("Fake reply to: again " + marker, body2.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(1L, await CountAsync("sessions", tenant));
        Assert.Equal(4L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}'"));
    }

    [Fact]
    public async Task TopPStopSequencesAndTheEndUserReachTheModel()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var (r, _) = await SendAsync(http, Request(Body(User("sample " + marker),
            new { top_p = 0.25, stop_sequences = new[] { "END", "STOP" }, metadata = new { user_id = "end-user-" + marker } })));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        // The catalog's model is an OpenAI one: the wire carries them as top_p, stop and user.
        var sent = Chat.Llm.Requests.Last(q => q.Body.Contains("sample " + marker, StringComparison.Ordinal)).Json()!;
        Assert.Equal(0.25, (double)sent["top_p"]!, 3);
        Assert.Equal(["END", "STOP"], sent["stop"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("end-user-" + marker, (string)sent["user"]!);
    }

    [Fact]
    public async Task AStreamSendsAnthropicEventsInOrderWithServerToolsBetweenBlocks()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (r, sse) = await StreamAsync(http, Body(User("""call:calculator {"expression":"1+1"}"""), new { stream = true }));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/event-stream", r.Content.Headers.ContentType?.MediaType);
        var events = Events(sse);
        Assert.All(events, e => Assert.Equal(e.Event, e.Data.GetProperty("type").GetString()));

        var names = events.Select(e => e.Event).ToList();
        Assert.Equal(["message_start", "ping"], names[..2]);
        Assert.Equal(["message_delta", "message_stop"], names[^2..]);
        Assert.True(names.IndexOf("hermes.tool_started") < names.IndexOf("hermes.tool_finished"));
        Assert.True(names.IndexOf("hermes.tool_finished") < names.IndexOf("content_block_start"));
        var anthropic = names.Where(n => n is not ("ping" or "hermes.tool_started" or "hermes.tool_finished")).ToList();
        Assert.Equal(["message_start", "content_block_start"], anthropic[..2]);
        Assert.All(anthropic[2..^3], n => Assert.Equal("content_block_delta", n));
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], anthropic[^3..]);

        var start = events[0].Data.GetProperty("message");
        Assert.StartsWith("msg_", start.GetProperty("id").GetString());
        Assert.Equal(0, start.GetProperty("content").GetArrayLength());
        Assert.Equal("text", events.First(e => e.Event == "content_block_start").Data.GetProperty("content_block").GetProperty("type").GetString());
        var text = string.Concat(events.Where(e => e.Event == "content_block_delta").Select(e =>
        {
            Assert.Equal(0, e.Data.GetProperty("index").GetInt32());
            Assert.Equal("text_delta", e.Data.GetProperty("delta").GetProperty("type").GetString());
            return e.Data.GetProperty("delta").GetProperty("text").GetString();
        }));
        Assert.Equal("The calculator tool returned: 2", text);
        var delta = events.Single(e => e.Event == "message_delta").Data;
        Assert.Equal("end_turn", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.True(delta.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
        Assert.True(delta.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task AResentIdempotencyKeyIsAnsweredFromTheCommittedTurnWithoutAModelCall()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var idem = "msg-" + Guid.NewGuid().ToString("N");
        HttpRequestMessage Send()
        {
            var request = Request(Body(User("book the table")));
            request.Headers.Add("Idempotency-Key", idem);
            return request;
        }
        var before = Chat.Llm.RequestCount;
        var (first, firstBody) = await SendAsync(http, Send());
        var (second, secondBody) = await SendAsync(http, Send());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, Chat.Llm.RequestCount - before);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.GetValues("X-Hermes-Session-Id").Single(), second.Headers.GetValues("X-Hermes-Session-Id").Single());
        Assert.Equal(firstBody.GetProperty("content")[0].GetProperty("text").GetString(), secondBody.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(2L, await CountAsync("messages", tenant));
    }

    [Fact]
    public async Task AFailureAfterTheStreamBeganIsAnErrorEventInAnthropicShape()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        // The first model call asks for a server tool, so the stream is under way when the second is refused.
        Chat.Llm.Enqueue(FakeReply.WithToolCall("current_time"), FakeReply.WithError(400));
        var (r, sse) = await StreamAsync(http, Body(User("what time is it"), new { stream = true }));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var events = Events(sse);
        Assert.Equal(["message_start", "ping", "hermes.tool_started", "hermes.tool_finished", "error"], events.Select(e => e.Event));
        var error = events[^1].Data;
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("api_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("rejected", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task AClientToolComesBackAsToolUseAndItsToolResultContinuesTheTurn()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var session = Session();
        object[] tools = [new { name = "get_weather", description = "Weather of a city", input_schema = new { type = "object", properties = new { city = new { type = "string" } } } }];
        var ask = new { role = "user", content = """call:get_weather {"city":"Paris"}""" };
        var (r, body) = await SendAsync(http, Request(Body(new[] { ask }, new { tools, tool_choice = new { type = "auto" } }), session));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        var use = body.GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("get_weather", use.GetProperty("name").GetString());
        Assert.Equal("Paris", use.GetProperty("input").GetProperty("city").GetString());
        var toolUseId = use.GetProperty("id").GetString()!;
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND tool_name = 'get_weather'"));

        object[] history =
        [
            ask,
            new { role = "assistant", content = body.GetProperty("content") },
            new { role = "user", content = new object[] { new { type = "tool_result", tool_use_id = toolUseId, content = "18C and sunny" } } },
        ];
        var (r2, body2) = await SendAsync(http, Request(Body(history, new { tools }), session));
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Equal("end_turn", body2.GetProperty("stop_reason").GetString());
        Assert.Contains("tool returned: 18C and sunny", body2.GetProperty("content")[0].GetProperty("text").GetString());
        var toolRow = await Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(
            $"SELECT content FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}' AND role = 'tool'");
        Assert.Equal("18C and sunny", toolRow);
    }

    [Fact]
    public async Task AStreamedClientToolCallIsAToolUseBlockWithItsInputAsJsonDelta()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        object[] tools = [new { name = "get_weather", input_schema = new { type = "object", properties = new { city = new { type = "string" } } } }];
        var (_, sse) = await StreamAsync(http, Body(User("""call:get_weather {"city":"Oslo"}"""), new { tools, stream = true, tool_choice = new { type = "tool", name = "get_weather" } }));
        var events = Events(sse);
        var start = events.Single(e => e.Event == "content_block_start").Data;
        Assert.Equal("tool_use", start.GetProperty("content_block").GetProperty("type").GetString());
        Assert.Equal("get_weather", start.GetProperty("content_block").GetProperty("name").GetString());
        var index = start.GetProperty("index").GetInt32();
        var json = string.Concat(events.Where(e => e.Event == "content_block_delta" && e.Data.GetProperty("index").GetInt32() == index)
            .Select(e => e.Data.GetProperty("delta").GetProperty("partial_json").GetString()));
        Assert.Equal("Oslo", JsonDocument.Parse(json).RootElement.GetProperty("city").GetString());
        Assert.Equal("tool_use", events.Single(e => e.Event == "message_delta").Data.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal("message_stop", events[^1].Event);
        Assert.Contains(Chat.Llm.Requests, q => q.Body.Contains("Oslo") && q.Body.Contains("\"tool_choice\""));
    }

    [Fact]
    public async Task TheKeyIsAcceptedInXApiKeyOrAsBearerAndNeverLogged()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var anonymous = Chat.Cluster.First.CreateClient();
        var request = Request(Body(User("by x-api-key")));
        request.Headers.Add("x-api-key", key);
        var (r, body) = await SendAsync(anonymous, request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("Fake reply to: by x-api-key", body.GetProperty("content")[0].GetProperty("text").GetString());

        using var bearer = Chat.Cluster.First.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(bearer, Request(Body(User("by bearer"))))).Response.StatusCode);

        var wrong = Request(Body(User("wrong key")));
        wrong.Headers.Add("x-api-key", "hx-not-a-real-key-" + Guid.NewGuid().ToString("N"));
        var (r3, body3) = await SendAsync(anonymous, wrong);
        ExpectError(r3, body3, HttpStatusCode.Unauthorized, "authentication_error");
        var (r4, body4) = await SendAsync(anonymous, Request(Body(User("no key"))));
        Assert.Contains("x-api-key", ExpectError(r4, body4, HttpStatusCode.Unauthorized, "authentication_error"));
        Assert.DoesNotContain(key, Chat.Cluster.First.Output);
    }

    [Fact]
    public async Task MessagesAreServedOnTheDataPlanePortToo()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var data = Chat.Cluster.First.CreateClient(key, dataPlane: true);
        var (r, body) = await SendAsync(data, Request(Body(User("on the data plane"))));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("Fake reply to: on the data plane", body.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task RefusalsFromAuthorizationAndRateLimitsTakeTheAnthropicShape()
    {
        var (tenant, _) = await Chat.TenantWithKeyAsync();
        using var admin = Chat.Cluster.Admin();
        var (_, auditor) = await admin.CreateKeyAsync(tenant, ["auditor"]);
        using var http = Chat.Cluster.First.CreateClient(auditor);
        var (r, body) = await SendAsync(http, Request(Body(User("not allowed"))));
        ExpectError(r, body, HttpStatusCode.Forbidden, "permission_error");

        var slow = (await admin.CreateTenantAsync(extra: new { plan = "pro", rate_limit_rpm = 1 })).GetProperty("id").GetString()!;
        var (_, slowKey) = await admin.CreateKeyAsync(slow, ["user"]);
        using var limited = Chat.Cluster.First.CreateClient(slowKey);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(limited, Request(Body(User("first"))))).Response.StatusCode);
        var (r2, body2) = await SendAsync(limited, Request(Body(User("second"))));
        ExpectError(r2, body2, HttpStatusCode.TooManyRequests, "rate_limit_error");
        Assert.True(r2.Headers.RetryAfter is not null);
    }

    [Theory]
    [InlineData("""{"model":"fake-gpt","messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [InlineData("""{"max_tokens":10,"messages":[{"role":"user","content":"x"}]}""", "model")]
    [InlineData("""{"model":"fake-gpt","max_tokens":0,"messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[]}""", "messages")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"system","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"temperature":1.5}""", "temperature")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"top_p":1.5}""", "top_p")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"top_k":5}""", "top_k")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"stop_sequences":[""]}""", "stop_sequences")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"metadata":{"tier":"gold"}}""", "metadata.tier")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"thinking":{"type":"enabled","budget_tokens":1024}}""", "thinking")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"ephemeral"}}]}]}""", "messages[0].content[0].cache_control")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"boom","is_error":true}]}]}""", "messages[0].content[0].is_error")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"bad name!","input_schema":{"type":"object"}}]}""", "tools[0].name")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]}""", "tools[0].type")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"tool","name":"nope"}}""", "tool_choice")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"x"}],"system":[{"type":"image"}]}""", "system[0]")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"nope","content":"x"}]}]}""", "tool")]
    [InlineData("""{"model":"fake-gpt","max_tokens":10,"messages":[{"role":"user","content":"\u0000"}]}""", "messages[0].content")]
    [InlineData("""not json""", "JSON")]
    public async Task BadInputIsAnAnthropicInvalidRequestErrorNamingTheFieldAndNothingIsWritten(string json, string named)
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (r, body) = await SendAsync(http, Request(json));
        Assert.Contains(named, ExpectError(r, body, HttpStatusCode.BadRequest, "invalid_request_error"));
        Assert.Equal(0L, await CountAsync("messages", tenant));
        Assert.Equal(0L, await CountAsync("sessions", tenant));
    }

    [Fact]
    public async Task UnknownModelWrongContentTypeAndOversizedBodiesTakeTheirAnthropicErrors()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (r, body) = await SendAsync(http, Request(Body(User("x"), new { model = "claude-nowhere" })));
        Assert.Contains("claude-nowhere", ExpectError(r, body, HttpStatusCode.NotFound, "not_found_error"));

        var (r2, body2) = await SendAsync(http, Request(JsonSerializer.Serialize(Body(User("x"))), contentType: "text/plain"));
        ExpectError(r2, body2, HttpStatusCode.UnsupportedMediaType, "invalid_request_error");

        // Asking to continue, as a client sending a large body should: the refusal arrives before the body
        // is sent (a body still being written when the server answers can meet a closed socket).
        var oversized = Request(Body(User(new string('a', 2 << 20))));
        oversized.Headers.ExpectContinue = true;
        var (r3, body3) = await SendAsync(http, oversized);
        ExpectError(r3, body3, HttpStatusCode.RequestEntityTooLarge, "request_too_large");

        var beta = Request(Body(User("x")));
        beta.Headers.Add("anthropic-beta", "prompt-caching-2024-07-31");
        var (r4, body4) = await SendAsync(http, beta);
        Assert.Contains("anthropic-beta", ExpectError(r4, body4, HttpStatusCode.BadRequest, "invalid_request_error"));
        Assert.Equal(0L, await CountAsync("messages", tenant));
    }

    private static async Task<(HttpResponseMessage Response, string Sse)> StreamAsync(HttpClient http, object body)
    {
        using var request = Request(body);
        var response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }
}
