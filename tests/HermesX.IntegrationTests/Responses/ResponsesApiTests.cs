using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;
using static HermesX.IntegrationTests.Responses.ResponsesHttp;

namespace HermesX.IntegrationTests.Responses;

/// <summary>POST/GET/DELETE /v1/responses over real HTTP against a silo with the fake LLM.</summary>
public sealed class ResponsesApiTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private Task<long> CountAsync(string sql) => Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(sql);

    [Fact]
    public async Task PlainResponseHasTheOpenAiShapeAndGetReturnsTheStoredOne()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (r, body) = await CreateAsync(http, new { input = "hello there", instructions = "Answer like a pirate", metadata = new { ticket = "T-1" }, temperature = 0.5 });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("resp_", id);
        Assert.Equal("response", body.GetProperty("object").GetString());
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("created_at").GetInt64() > 1_700_000_000);
        Assert.Equal(ChatCluster.Model, body.GetProperty("model").GetString());
        Assert.Equal("Answer like a pirate", body.GetProperty("instructions").GetString());
        Assert.Equal("T-1", body.GetProperty("metadata").GetProperty("ticket").GetString());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
        Assert.True(body.GetProperty("store").GetBoolean());
        var item = Assert.Single(body.GetProperty("output").EnumerateArray());
        Assert.Equal("message", item.GetProperty("type").GetString());
        Assert.Equal("assistant", item.GetProperty("role").GetString());
        Assert.StartsWith("msg_", item.GetProperty("id").GetString());
        var part = Assert.Single(item.GetProperty("content").EnumerateArray());
        Assert.Equal("output_text", part.GetProperty("type").GetString());
        Assert.Equal("Fake reply to: hello there", part.GetProperty("text").GetString());
        var usage = body.GetProperty("usage");
        Assert.True(usage.GetProperty("input_tokens").GetInt64() > 0);
        Assert.True(usage.GetProperty("output_tokens").GetInt64() > 0);
        Assert.Equal(usage.GetProperty("input_tokens").GetInt64() + usage.GetProperty("output_tokens").GetInt64(), usage.GetProperty("total_tokens").GetInt64());

        // The instructions reached the model for this turn but are not part of the session's history.
        Assert.Contains("Answer like a pirate", Chat.Llm.Requests.Last(q => q.Body.Contains("hello there", StringComparison.Ordinal)).Body);
        var session = r.Headers.GetValues("X-Hermes-Session-Id").Single();
        Assert.Equal(session, body.GetProperty("session_id").GetString());
        Assert.Equal(2L, await CountAsync($"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}'"));

        using var get = await http.GetAsync($"/v1/responses/{id}");
        var stored = await get.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body.GetRawText()), JsonNode.Parse(stored.GetRawText())), $"POST {body}\nGET {stored}");
    }

    [Fact]
    public async Task TopPParallelToolCallsAndTheUserReachTheModelAndAreEchoed()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var (r, body) = await CreateAsync(http, new { input = "sample " + marker, top_p = 0.25, parallel_tool_calls = false, user = "end-user-" + marker });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(0.25, body.GetProperty("top_p").GetDouble(), 3);
        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.Equal("end-user-" + marker, body.GetProperty("user").GetString());

        var sent = Chat.Llm.Requests.Last(q => q.Body.Contains("sample " + marker, StringComparison.Ordinal)).Json()!;
        Assert.Equal(0.25, (double)sent["top_p"]!, 3);
        Assert.Equal("end-user-" + marker, (string)sent["user"]!);
    }

    [Fact]
    public async Task PreviousResponseIdContinuesTheSessionOnlyFromItsNewestResponse()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (r1, first) = await CreateAsync(http, new { input = "my name is Ada" });
        var firstId = first.GetProperty("id").GetString()!;
        var (r2, second) = await CreateAsync(http, new { input = "what is my name?", previous_response_id = firstId });
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Equal(firstId, second.GetProperty("previous_response_id").GetString());
        Assert.Equal(r1.Headers.GetValues("X-Hermes-Session-Id").Single(), r2.Headers.GetValues("X-Hermes-Session-Id").Single());
        var seen = Chat.Llm.Requests.Last(q => q.Body.Contains("what is my name?", StringComparison.Ordinal)).Body;
        Assert.Contains("Fake reply to: my name is Ada", seen);

        // A session is one line of turns: branching from an older response is refused, not silently merged.
        var (r3, _) = await CreateAsync(http, new { input = "branch", previous_response_id = firstId });
        Assert.Equal("previous_response_not_latest", await r3.ExpectErrorAsync(HttpStatusCode.BadRequest));

        var unknown = "resp_" + new string('0', 32) + firstId[37..];
        var (r4, e4) = await CreateAsync(http, new { input = "x", previous_response_id = unknown });
        await r4.ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("previous_response_id", e4.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task ClientFunctionCallsComeBackAndFunctionCallOutputContinues()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (_, first) = await CreateAsync(http, new { input = """call:get_weather {"city":"Paris"}""", tools = new[] { WeatherTool } });
        var call = Assert.Single(first.GetProperty("output").EnumerateArray());
        Assert.Equal("function_call", call.GetProperty("type").GetString());
        Assert.StartsWith("fc_", call.GetProperty("id").GetString());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        var callId = call.GetProperty("call_id").GetString()!;
        Assert.Equal("get_weather", first.GetProperty("tools")[0].GetProperty("name").GetString());

        var (r2, second) = await CreateAsync(http, new
        {
            previous_response_id = first.GetProperty("id").GetString(),
            input = new object[] { new { type = "function_call_output", call_id = callId, output = "sunny, 21 C" } },
            tools = new[] { WeatherTool },
        });
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Contains("sunny, 21 C", second.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());

        // Without previous_response_id a client resends the items, its function_call echoed back.
        var (r3, third) = await CreateAsync(http, new
        {
            input = new object[]
            {
                new { role = "user", content = """call:get_weather {"city":"Paris"}""" },
                new { type = "function_call", call_id = callId, name = "get_weather", arguments = """{"city":"Paris"}""" },
                new { type = "function_call_output", call_id = callId, output = "rainy, 12 C" },
            },
            tools = new[] { WeatherTool },
        });
        Assert.Equal(HttpStatusCode.OK, r3.StatusCode);
        Assert.Contains("rainy, 12 C", third.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());

        // An output for a call the session is not waiting for is refused by the session.
        var (r4, _) = await CreateAsync(http, new
        {
            previous_response_id = second.GetProperty("id").GetString(),
            input = new object[] { new { type = "function_call_output", call_id = "call_nope", output = "?" } },
        });
        await r4.ExpectErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ItemReferencesStandForTheStoredOutputTheyName()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (_, plain) = await CreateAsync(http, new { input = "remember the word teal" });
        var messageId = plain.GetProperty("output")[0].GetProperty("id").GetString();
        var (_, call) = await CreateAsync(http, new { input = """call:get_weather {"city":"Rome"}""", tools = new[] { WeatherTool } });
        var fc = call.GetProperty("output")[0];

        var (r, answer) = await CreateAsync(http, new
        {
            input = new object[]
            {
                new { role = "user", content = "remember the word teal" },
                new { type = "item_reference", id = messageId },
                new { role = "user", content = """call:get_weather {"city":"Rome"}""" },
                new { type = "item_reference", id = fc.GetProperty("id").GetString() },
                new { type = "function_call_output", call_id = fc.GetProperty("call_id").GetString(), output = "foggy, 9 C" },
            },
            tools = new[] { WeatherTool },
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("foggy, 9 C", answer.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        var seen = Chat.Llm.Requests.Last(q => q.Body.Contains("foggy, 9 C", StringComparison.Ordinal)).Body;
        Assert.Contains("Fake reply to: remember the word teal", seen);

        // Another tenant cannot reference them, and a made-up id names nothing.
        var (_, other) = await Chat.TenantWithKeyAsync();
        using var stranger = Chat.Cluster.First.CreateClient(other);
        var (r2, e2) = await CreateAsync(stranger, new { input = new object[] { new { type = "item_reference", id = messageId }, new { role = "user", content = "hi" } } });
        await r2.ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("input[0].id", e2.GetProperty("error").GetProperty("param").GetString());
        var (r3, _) = await CreateAsync(http, new { input = new object[] { new { type = "item_reference", id = "msg_123" }, new { role = "user", content = "hi" } } });
        await r3.ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StreamSendsTheTypedEventsInOpenAiOrder()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var events = await StreamAsync(http, new { input = "stream this please" });

        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        var names = events.Select(e => e.Name).Where(n => n != "response.output_text.delta").ToList();
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added", "response.output_text.done",
             "response.content_part.done", "response.output_item.done", "response.completed"], names);
        var firstDelta = events.FindIndex(e => e.Name == "response.output_text.delta");
        Assert.Equal(4, firstDelta);
        var deltas = string.Concat(events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        Assert.Equal("Fake reply to: stream this please", deltas);
        Assert.Equal(deltas, events.Single(e => e.Name == "response.output_text.done").Data.GetProperty("text").GetString());
        Assert.Equal("in_progress", events[0].Data.GetProperty("response").GetProperty("status").GetString());

        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(deltas, completed.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(completed.GetProperty("usage").GetProperty("total_tokens").GetInt64() > 0);
        var itemId = events.Single(e => e.Name == "response.output_item.added").Data.GetProperty("item").GetProperty("id").GetString();
        Assert.Equal(itemId, completed.GetProperty("output")[0].GetProperty("id").GetString());

        using var get = await http.GetAsync($"/v1/responses/{completed.GetProperty("id").GetString()}");
        Assert.Equal(deltas, (await get.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task StreamedFunctionCallsSendTheirArgumentsEvents()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var events = await StreamAsync(http, new { input = """call:get_weather {"city":"Oslo"}""", tools = new[] { WeatherTool } });

        var added = events.Single(e => e.Name == "response.output_item.added" && e.Data.GetProperty("item").GetProperty("type").GetString() == "function_call");
        var index = events.IndexOf(added);
        Assert.Equal("response.function_call_arguments.delta", events[index + 1].Name);
        Assert.Equal("response.function_call_arguments.done", events[index + 2].Name);
        Assert.Equal("response.output_item.done", events[index + 3].Name);
        var done = events[index + 2].Data;
        Assert.Equal("Oslo", JsonDocument.Parse(done.GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        Assert.Equal(added.Data.GetProperty("item").GetProperty("id").GetString(), done.GetProperty("item_id").GetString());
        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal("response.completed", events[^1].Name);
        Assert.Contains(completed.GetProperty("output").EnumerateArray(), o => o.GetProperty("type").GetString() == "function_call" &&
            o.GetProperty("call_id").GetString() == events[index + 3].Data.GetProperty("item").GetProperty("call_id").GetString());
    }

    [Fact]
    public async Task DeletedResponsesAndOtherUsersOrTenantsResponsesAre404()
    {
        using var admin = Chat.Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { plan = "pro" })).GetProperty("id").GetString()!;
        var (_, alice) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, bob) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, boss) = await admin.CreateKeyAsync(tenant, ["admin"]);
        var (_, stranger) = await Chat.TenantWithKeyAsync();
        using var a = Chat.Cluster.First.CreateClient(alice);
        using var b = Chat.Cluster.First.CreateClient(bob);
        using var s = Chat.Cluster.First.CreateClient(stranger);
        using var chief = Chat.Cluster.First.CreateClient(boss);
        var (r, body) = await CreateAsync(a, new { input = "alice's secret" });
        var id = body.GetProperty("id").GetString()!;
        var session = r.Headers.GetValues("X-Hermes-Session-Id").Single();

        Assert.Equal("not_found", await (await b.GetAsync($"/v1/responses/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound));
        await (await s.GetAsync($"/v1/responses/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.DeleteAsync($"/v1/responses/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await s.DeleteAsync($"/v1/responses/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        var (rb, _) = await CreateAsync(b, new { input = "let me in", previous_response_id = id });
        await rb.ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await a.GetAsync("/v1/responses/resp_nope")).ExpectErrorAsync(HttpStatusCode.NotFound);
        using (var asAdmin = await chief.GetAsync($"/v1/responses/{id}"))
        {
            Assert.Equal(id, (await asAdmin.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("id").GetString());
        }

        using (var deleted = await a.DeleteAsync($"/v1/responses/{id}"))
        {
            var json = await deleted.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(id, json.GetProperty("id").GetString());
            Assert.Equal("response.deleted", json.GetProperty("object").GetString());
            Assert.True(json.GetProperty("deleted").GetBoolean());
        }
        await (await a.GetAsync($"/v1/responses/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await a.DeleteAsync($"/v1/responses/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        // The turn itself stays in the session; deleting the session deletes what remains.
        Assert.Equal(2L, await CountAsync($"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}'"));
        var (_, again) = await CreateAsync(a, new { input = "one more" , store = true });
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/v1/sessions/{again.GetProperty("session_id").GetString()}")).StatusCode);
        await (await a.GetAsync($"/v1/responses/{again.GetProperty("id").GetString()}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM responses WHERE tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task StoreFalseKeepsTheTurnInTheSessionButNoResponseToFetchOrContinue()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (r, body) = await CreateAsync(http, new { input = "do not keep the response", store = false });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.False(body.GetProperty("store").GetBoolean());
        var id = body.GetProperty("id").GetString()!;
        await (await http.GetAsync($"/v1/responses/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        var (r2, _) = await CreateAsync(http, new { input = "continue", previous_response_id = id });
        await r2.ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM responses WHERE tenant_id = '{tenant}'"));
        var session = r.Headers.GetValues("X-Hermes-Session-Id").Single();
        Assert.Equal(2L, await CountAsync($"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}'"));
    }

    [Fact]
    public async Task ServerToolsReceiptsUsageAndAuditWorkAsForChat()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (r, body) = await CreateAsync(http, new { input = """call:calculator {"expression":"6*7"}""" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("42", body.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        var session = r.Headers.GetValues("X-Hermes-Session-Id").Single();
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND session_id = '{session}' AND tool_name = 'calculator'"));
        await ApiHelpers.PollAsync(async () => await CountAsync($"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}' AND session_id = '{session}'") > 0,
            TimeSpan.FromSeconds(30), "usage recorded");
        await ApiHelpers.PollAsync(async () => await CountAsync($"SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND action LIKE 'POST /v1/responses%'") > 0,
            TimeSpan.FromSeconds(30), "audited");
    }

    [Fact]
    public async Task AResentIdempotencyKeyIsAnsweredWithTheStoredResponse()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (_, first) = await CreateAsync(http, new { input = "hello" });
        var body = new { input = "only once please", previous_response_id = first.GetProperty("id").GetString() };
        var calls = Chat.Llm.RequestCount;
        var (r1, once) = await CreateAsync(http, body, "key-continue");
        var (r2, again) = await CreateAsync(http, body, "key-continue");
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Equal("true", r2.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(r1.Headers.Contains("Idempotent-Replayed"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(once.GetRawText()), JsonNode.Parse(again.GetRawText())), $"{once}\n{again}");
        Assert.Equal(calls + 1, Chat.Llm.RequestCount);

        // Without a session or previous response the key alone finds the turn again.
        var (_, fresh) = await CreateAsync(http, new { input = "a new conversation" }, "key-fresh");
        var (r3, freshAgain) = await CreateAsync(http, new { input = "a new conversation" }, "key-fresh");
        Assert.Equal("true", r3.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(fresh.GetProperty("id").GetString(), freshAgain.GetProperty("id").GetString());
    }

    [Fact]
    public async Task QuotasRefuseResponsesAsTheyRefuseChat()
    {
        using var admin = Chat.Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { plan = "pro", max_sessions = 1 })).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var http = Chat.Cluster.First.CreateClient(key);
        var (first, body) = await CreateAsync(http, new { input = "the only session" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var (second, _) = await CreateAsync(http, new { input = "a second session" });
        Assert.Equal("quota_exceeded", await second.ExpectErrorAsync(HttpStatusCode.TooManyRequests));
        using (var streamed = await http.PostAsJsonAsync("/v1/responses", new { model = ChatCluster.Model, input = "a streamed one", stream = true }))
        {
            Assert.Equal("quota_exceeded", await streamed.ExpectErrorAsync(HttpStatusCode.TooManyRequests));
        }
        // Continuing the existing session is no new session.
        var (third, _) = await CreateAsync(http, new { input = "still here", previous_response_id = body.GetProperty("id").GetString() });
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task AFailureAfterTheStreamStartedIsResponseFailedThenError()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        Chat.Llm.Enqueue(FakeReply.WithToolCall("current_time"), FakeReply.WithError(400));
        var events = await StreamAsync(http, new { input = "what time is it?" });

        Assert.Equal(["response.created", "response.in_progress", "response.failed", "error"], events.Select(e => e.Name));
        var failed = events[2].Data.GetProperty("response");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("model_request_rejected", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("model_request_rejected", events[3].Data.GetProperty("code").GetString());
        Assert.Equal(Enumerable.Range(0, 4), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        await (await http.GetAsync($"/v1/responses/{failed.GetProperty("id").GetString()}")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnMcpToolIsRefusedWhileThePlatformDoesNotAllowRequestServers()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = "mcp-off-" + Guid.NewGuid().ToString("N")[..8];
        var (r, body) = await CreateAsync(http, new
        {
            input = marker,
            tools = new object[] { WeatherTool, new { type = "mcp", server_label = "deepwiki", server_url = "https://mcp.example.com/mcp", require_approval = "never" } },
        });
        await r.ExpectErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("tools[1].type", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains("HERMES_MCP_REQUEST_SERVERS", body.GetProperty("error").GetProperty("message").GetString());
        Assert.DoesNotContain(Chat.Llm.Requests, q => q.Body.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadInputIsRefusedNamingTheParameterAndWritesNothing()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        (object Body, string Param)[] cases =
        [
            (new { }, "input"),
            (new { input = Array.Empty<object>() }, "input"),
            (new { input = 42 }, "input"),
            (new { input = new object[] { new { type = "reasoning", summary = Array.Empty<object>() } } }, "input[0].type"),
            (new { input = new object[] { new { role = "user", content = new object[] { new { type = "input_image", image_url = "https://x/y.png" } } } } }, "input[0].content[0].type"),
            (new { input = new object[] { new { role = "critic", content = "hm" } } }, "input[0].role"),
            (new { input = new object[] { new { type = "function_call_output", output = "x" } } }, "input[0].call_id"),
            (new { input = "hi", tools = new object[] { new { type = "web_search" } } }, "tools[0].type"),
            (new { input = "hi", tools = new object[] { new { type = "function", name = "f", strict = "yes" } } }, "tools[0].strict"),
            (new { input = "hi", tools = new object[] { new { type = "function", name = "bad name" } } }, "tools[0].name"),
            (new { input = "hi", tool_choice = new { type = "function", name = "undeclared" } }, "tool_choice"),
            (new { input = "hi", top_p = 1.5 }, "top_p"),
            (new { input = "hi", reasoning = new { effort = "high" } }, "reasoning"),
            (new { input = "hi", text = new { format = new { type = "json_object" } } }, "text"),
            (new { input = "hi", max_output_tokens = 0 }, "max_output_tokens"),
            (new { input = "hi", temperature = 3 }, "temperature"),
            (new { input = "hi", metadata = new { n = 1 } }, "metadata.n"),
            (new { input = "hi", model = "no-such-model" }, "model"),
            (new { input = "hi", previous_response_id = "resp_garbage" }, "previous_response_id"),
            (new { input = "hi\u0000" }, "input"),
        ];
        foreach (var (body, param) in cases)
        {
            var (r, json) = await CreateAsync(http, body);
            await r.ExpectErrorAsync(HttpStatusCode.BadRequest);
            Assert.True(param == json.GetProperty("error").GetProperty("param").GetString(), $"{JsonSerializer.Serialize(body)} → {json}");
        }

        using (var form = await http.PostAsync("/v1/responses", new StringContent("input=hi", Encoding.UTF8, "application/x-www-form-urlencoded")))
        {
            await form.ExpectErrorAsync(HttpStatusCode.UnsupportedMediaType);
        }
        using (var broken = await http.PostAsync("/v1/responses", new StringContent("{\"input\":", Encoding.UTF8, "application/json")))
        {
            Assert.Equal("invalid_json", await broken.ExpectErrorAsync(HttpStatusCode.BadRequest));
        }
        // Sized and asking to continue, as a client sending a large body should: the refusal arrives before
        // the body is sent (a chunked body still being written when the server answers can meet a closed socket).
        using (var bigRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model = ChatCluster.Model, input = new string('x', 2 << 20) }), Encoding.UTF8, "application/json"),
        })
        {
            bigRequest.Headers.ExpectContinue = true;
            using var big = await http.SendAsync(bigRequest);
            await big.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        }

        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM sessions WHERE tenant_id = '{tenant}'"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM responses WHERE tenant_id = '{tenant}'"));
    }
}
