using System.Net;
using System.Text.Json;
using HermesX.FakeLlm;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>The agent loop in the SessionGrain: server tools, receipts, idempotency, iteration limit, retries.</summary>
public sealed class AgentLoopTests(ChatClusterFixture fixture) : IClassFixture<ChatClusterFixture>
{
    private ChatCluster Chat => fixture.Chat;

    private static string Session() => "sess-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task ServerToolRunsInsideTheTurnAndLeavesAReceipt()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var session = Session();
        var (r, body) = await ChatCluster.ChatAsync(http, """call:calculator {"expression":"6*7"}""", session);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Contains("The calculator tool returned: 42", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.True(body.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);

        using var receipts = await http.GetAsync($"/v1/execution-receipts?session_id={session}");
        var list = (await receipts.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data");
        var receipt = Assert.Single(list.EnumerateArray());
        Assert.Equal("calculator", receipt.GetProperty("tool_name").GetString());
        Assert.Equal("success", receipt.GetProperty("status").GetString());
        Assert.Equal("42", receipt.GetProperty("output").GetString());
        Assert.Contains("6*7", receipt.GetProperty("input").GetString());

        using var one = await http.GetAsync($"/v1/execution-receipts/{receipt.GetProperty("id").GetString()}");
        Assert.Equal(receipt.GetProperty("idempotency_id").GetString(), (await one.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("idempotency_id").GetString());
    }

    [Fact]
    public async Task ARepeatedToolCallIdReturnsTheStoredOutputWithoutRunningAgain()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var id = "call_" + Guid.NewGuid().ToString("N");
        Chat.Llm.Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("memory", """{"action":"set","key":"color","value":"blue"}""", id)),
            FakeReply.WithText("saved"),
            FakeReply.WithToolCalls(new FakeToolCall("memory", """{"action":"set","key":"color","value":"red"}""", id)),
            FakeReply.WithText("saved again"));
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "remember blue", Session())).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "remember red", Session())).Response.StatusCode);

        Assert.Equal("blue", await Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(
            $"SELECT value FROM memories WHERE tenant_id = '{tenant}' AND key = 'color'"));
        Assert.Equal(1L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM execution_receipts WHERE tenant_id = '{tenant}' AND idempotency_id = '{id}'"));
    }

    [Fact]
    public async Task IterationLimitEndsTheTurnCleanly()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var before = Chat.Llm.RequestCount;
        // The fixture sets HERMES_MAX_ITERATIONS=3; the model would go on calling tools forever.
        Chat.Llm.Enqueue(Enumerable.Range(0, 5).Select(_ => FakeReply.WithToolCall("current_time")));
        var (r, body) = await ChatCluster.ChatAsync(http, "loop please", Session());
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("length", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(3, Chat.Llm.RequestCount - before);
        Chat.Llm.Reset();
    }

    [Fact]
    public async Task HermesMaxTokensCapsWhatTheModelIsAskedFor()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var session = Session();
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "cap me " + session, session, new { max_tokens = 100_000 })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "small " + session, session, new { max_tokens = 7 })).Response.StatusCode);

        static long Asked(HermesX.FakeLlm.Scripting.RecordedRequest r)
        {
            var json = JsonDocument.Parse(r.Body).RootElement;
            return json.TryGetProperty("max_completion_tokens", out var m) ? m.GetInt64() : json.GetProperty("max_tokens").GetInt64();
        }
        // HERMES_MAX_TOKENS is 4096 by default: a larger request is cut to it, a smaller one kept.
        Assert.Equal(4096, Asked(Chat.Llm.Requests.First(r => r.Body.Contains("cap me " + session))));
        Assert.Equal(7, Asked(Chat.Llm.Requests.Last(r => r.Body.Contains("small " + session))));
    }

    [Fact]
    public async Task AProvider500IsRetried()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var before = Chat.Llm.RequestCount;
        Chat.Llm.Enqueue(FakeReply.WithError(500), FakeReply.WithText("recovered"));
        var (r, body) = await ChatCluster.ChatAsync(http, "flaky", Session());
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("recovered", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(2, Chat.Llm.RequestCount - before);
    }

    [Fact]
    public async Task UnknownModelIs400AndNothingIsStored()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var session = Session();
        var (r, _) = await ChatCluster.ChatAsync(http, "hi", session, new { model = "no-such-model" });
        Assert.Equal("model_not_found", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE tenant_id = '{tenant}'"));
    }

    [Theory]
    [InlineData("""{"model":"fake-gpt"}""")]
    [InlineData("""{"model":"fake-gpt","messages":[]}""")]
    [InlineData("""{"model":"fake-gpt","messages":[{"role":"robot","content":"x"}]}""")]
    [InlineData("""{"model":"fake-gpt","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""")]
    [InlineData("""{"model":"fake-gpt","messages":[{"role":"user","content":"x"}],"temperature":7}""")]
    [InlineData("""{"model":"fake-gpt","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"bad name!"}}]}""")]
    [InlineData("""{"model":"fake-gpt","messages":[{"role":"tool","content":"x","tool_call_id":"nope"}]}""")]
    [InlineData("""{"model":"fake-gpt","messages":[{"role":"user","content":"x"}],"session_id":"../../etc"}""")]
    [InlineData("""not json""")]
    public async Task InvalidChatRequestsAre400(string body)
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        using var r = await http.PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await r.ExpectErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task StreamingEmitsChunksToolEventsAndDone()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                model = ChatCluster.Model,
                stream = true,
                stream_options = new { include_usage = true },
                messages = new[] { new { role = "user", content = """call:calculator {"expression":"1+1"}""" } },
            }),
        };
        using var r = await http.SendAsync(req);
        Assert.Equal("text/event-stream", r.Content.Headers.ContentType?.MediaType);
        var sse = await r.Content.ReadAsStringAsync();
        Assert.Contains("event: hermes.tool_started", sse);
        Assert.Contains("event: hermes.tool_finished", sse);
        Assert.EndsWith("data: [DONE]\n\n", sse);
        var chunks = sse.Split("\n\n").Where(f => f.StartsWith("data: {")).Select(f => JsonDocument.Parse(f["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Contains("The calculator tool returned: 2", text);
        Assert.True(chunks.Last().GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
    }
}
