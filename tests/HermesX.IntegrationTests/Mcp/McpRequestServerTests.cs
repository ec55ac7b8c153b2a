using System.Net;
using System.Text.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Mcp;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Observability;
using HermesX.Testing;
using static HermesX.IntegrationTests.Responses.ResponsesHttp;

namespace HermesX.IntegrationTests.Mcp;

/// <summary>
/// A Responses request's own MCP servers (<c>tools: [{"type":"mcp", …}]</c>): listed and called in its turn as
/// label__tool, shown as OpenAI's mcp_list_tools and mcp_call items, audited and counted, their headers sent and never kept.
/// </summary>
[Collection(McpCollection.Name)]
public sealed class McpRequestServerTests(McpFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;

    private static object Server(string label, string url, object? extra = null)
    {
        var fields = new Dictionary<string, object?> { ["type"] = "mcp", ["server_label"] = label, ["server_url"] = url, ["require_approval"] = "never" };
        foreach (var p in JsonSerializer.SerializeToElement(extra ?? new { }).EnumerateObject())
        {
            fields[p.Name] = p.Value;
        }
        return fields;
    }

    private static List<JsonElement> Items(JsonElement response, string type) =>
        [.. response.GetProperty("output").EnumerateArray().Where(i => i.GetProperty("type").GetString() == type)];

    [Fact]
    public async Task AResponseListsAndCallsTheToolsOfACSharpAndATypeScriptServer()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var text = McpFixture.Unique("hello-");
        var (csCall, nodeCall) = (McpFixture.Unique("call_"), McpFixture.Unique("call_"));
        Chat.Llm.Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("cs__echo", $$"""{"text":"{{text}}"}""", csCall), new FakeToolCall("node__reverse", $$"""{"text":"{{text}}"}""", nodeCall)),
            FakeReply.WithText("both done"));
        var marker = "use both " + text;
        var (r, body) = await CreateAsync(http, new
        {
            input = marker,
            tools = new[] { Server("cs", fixture.Friendly.Url, new { allowed_tools = new { tool_names = new[] { "echo", "fails" } } }), Server("node", fixture.Node.Url) },
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        var output = body.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();
        Assert.Equal(["mcp_list_tools", "mcp_list_tools", "mcp_call", "mcp_call", "message"], output);
        var lists = Items(body, "mcp_list_tools");
        Assert.Equal(["cs", "node"], lists.Select(l => l.GetProperty("server_label").GetString()));
        Assert.Equal(["echo", "fails"], lists[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order());
        Assert.Equal("object", lists[0].GetProperty("tools")[0].GetProperty("input_schema").GetProperty("type").GetString());
        Assert.Equal(["reverse"], lists[1].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.All(lists, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("error").ValueKind));
        var calls = Items(body, "mcp_call");
        Assert.Equal(["echo", "reverse"], calls.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("echo: " + text, calls[0].GetProperty("output").GetString());
        Assert.Equal(new string(text.Reverse().ToArray()), calls[1].GetProperty("output").GetString());
        Assert.Equal(text, JsonDocument.Parse(calls[0].GetProperty("arguments").GetString()!).RootElement.GetProperty("text").GetString());
        Assert.All(calls, c => Assert.Equal("completed", c.GetProperty("status").GetString()));
        Assert.All(calls, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("error").ValueKind));
        Assert.Equal("both done", body.GetProperty("output")[4].GetProperty("content")[0].GetProperty("text").GetString());

        // The model was offered the servers' tools by their namespaced names, allowed_tools applied, and read their answers.
        var offered = fixture.ToolsOffered(marker);
        Assert.Contains("cs__echo", offered);
        Assert.Contains("node__reverse", offered);
        Assert.DoesNotContain("cs__calculator", offered);
        Assert.Equal("echo: " + text, fixture.ToolResultSent(csCall));
        Assert.Equal(1, fixture.Friendly.Calls.Count("echo:" + text));
        Assert.Equal(1, await fixture.Node.CallsAsync(text));

        // GET shows the stored response with the same items.
        var stored = await (await http.GetAsync($"/v1/responses/{body.GetProperty("id").GetString()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(output, stored.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList());
        Assert.Equal("echo: " + text, Items(stored, "mcp_call")[0].GetProperty("output").GetString());

        // Receipts, audit rows (server, tool, status, duration; never the arguments) and the tool metric, as for a tenant's server.
        var session = body.GetProperty("session_id").GetString()!;
        var receipts = (await (await http.GetAsync($"/v1/execution-receipts?session_id={session}")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(["cs__echo", "node__reverse"], receipts.EnumerateArray().Select(x => x.GetProperty("tool_name").GetString()!).Order().ToArray());
        await ApiHelpers.PollAsync(async () => await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"""
            SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND action = 'MCP tools/call' AND status = 200 AND latency_ms > 0
              AND detail->>'session_id' = '{session}' AND detail->>'source' = 'request' AND detail ? 'server_host' AND detail ? 'tool'
            """) == 2, TimeSpan.FromSeconds(30), "two audit rows of request servers' calls");
        Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND action = 'MCP tools/call' AND detail::text LIKE '%{text}%'"));
        using var anonymous = Chat.Cluster.First.CreateClient();
        var scrape = PrometheusText.Parse(await anonymous.GetStringAsync("/v1/metrics"));
        // Both calls count under one label: a caller's server and tool names never become label values.
        var toolRuns = scrape.Samples.Where(s => s.Name == "hermes_tool_executions_total" && s.Label("tenant_id") == tenant).ToList();
        Assert.Equal(2, toolRuns.Where(s => s.Label("tool_name") == McpTool.RequestMetricName && s.Label("status") == "success").Sum(s => s.Value));
        Assert.DoesNotContain(toolRuns, s => s.Label("tool_name").Contains("__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HeadersReachTheServerAndAreNeverStoredShownOrLogged()
    {
        var (tenant, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var secret = McpFixture.Unique("secret-header-value-");
        var text = McpFixture.Unique("private-");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("cs__echo", $$"""{"text":"{{text}}"}""", McpFixture.Unique("call_"))), FakeReply.WithText("ok"));
        var (r, body) = await CreateAsync(http, new
        {
            input = "echo " + text,
            tools = new[] { Server("cs", fixture.Friendly.Url, new { headers = new Dictionary<string, string> { ["X-Api-Key"] = secret } }) },
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("echo: " + text, Items(body, "mcp_call")[0].GetProperty("output").GetString());
        Assert.True(fixture.Friendly.Calls.Count($"header:X-Api-Key:{secret}") > 0, "the header reached the server");

        Assert.DoesNotContain(secret, body.ToString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("tools")[0].GetProperty("headers").ValueKind);
        var stored = await (await http.GetAsync($"/v1/responses/{body.GetProperty("id").GetString()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(secret, stored.ToString());
        foreach (var table in new[] { "responses", "messages", "audit_logs", "execution_receipts", "sessions" })
        {
            Assert.Equal(0L, await Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM {table} t WHERE tenant_id = '{tenant}' AND t::text LIKE '%{secret}%'"));
        }
        Assert.DoesNotContain(secret, Chat.Cluster.First.Output);
    }

    [Fact]
    public async Task ARetriedTurnWithTheSameIdempotencyKeyDoesNotCallTheServerAgain()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var text = McpFixture.Unique("once-");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("cs__echo", $$"""{"text":"{{text}}"}""", McpFixture.Unique("call_"))), FakeReply.WithText("first"));
        var request = new { input = "echo " + text, tools = new[] { Server("cs", fixture.Friendly.Url) } };
        var idempotencyKey = McpFixture.Unique("key-");

        var (first, firstBody) = await CreateAsync(http, request, idempotencyKey);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var (again, againBody) = await CreateAsync(http, request, idempotencyKey);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, fixture.Friendly.Calls.Count("echo:" + text));
        Assert.Equal(firstBody.GetProperty("id").GetString(), againBody.GetProperty("id").GetString());
        Assert.Equal("echo: " + text, Items(againBody, "mcp_call")[0].GetProperty("output").GetString());
        Assert.Equal(firstBody.GetProperty("output").ToString(), againBody.GetProperty("output").ToString());
    }

    [Fact]
    public async Task AnErrorAnswerAndAnUnreachableServerBecomeErrorsInTheirItemsAndTheTurnCompletes()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var id = McpFixture.Unique("call_");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("cs__fails", "{}", id)), FakeReply.WithText("sorry"));
        // A port nothing listens on: the listing fails, the turn goes on without that server's tools.
        var closed = $"http://127.0.0.1:{Ports.Free()}/mcp";
        var (r, body) = await CreateAsync(http, new { input = McpFixture.Unique("fail-"), tools = new[] { Server("cs", fixture.Friendly.Url), Server("gone", closed) } });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("completed", body.GetProperty("status").GetString());

        var gone = Items(body, "mcp_list_tools").Single(l => l.GetProperty("server_label").GetString() == "gone");
        Assert.False(string.IsNullOrEmpty(gone.GetProperty("error").GetString()));
        Assert.Empty(gone.GetProperty("tools").EnumerateArray());
        var call = Assert.Single(Items(body, "mcp_call"));
        Assert.Equal("failed", call.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, call.GetProperty("output").ValueKind);
        Assert.Equal("mcp_tool_execution_error", call.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("the database is down", call.GetProperty("error").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Contains("the database is down", fixture.ToolResultSent(id));
    }

    [Fact]
    public async Task AStreamedResponseSendsEachMcpItemsEvents()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var text = McpFixture.Unique("streamed-");
        Chat.Llm.Enqueue(FakeReply.WithToolCalls(new FakeToolCall("node__reverse", $$"""{"text":"{{text}}"}""", McpFixture.Unique("call_"))), FakeReply.WithText("reversed"));
        var events = await StreamAsync(http, new { input = "reverse " + text, tools = new[] { Server("node", fixture.Node.Url) } });

        var names = events.Select(e => e.Name).ToList();
        string[] expected =
        [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.mcp_list_tools.in_progress", "response.mcp_list_tools.completed", "response.output_item.done",
            "response.output_item.added", "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done",
            "response.mcp_call.in_progress", "response.mcp_call.completed", "response.output_item.done",
        ];
        Assert.Equal(expected, names.Take(expected.Length));
        Assert.Equal("response.completed", names[^1]);
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        var doneEvents = events.Where(e => e.Name == "response.output_item.done").ToList();
        Assert.Equal([0, 1, 2], doneEvents.Select(e => e.Data.GetProperty("output_index").GetInt32()));
        var done = doneEvents.Select(e => e.Data.GetProperty("item")).ToList();
        Assert.Equal("mcp_list_tools", done[0].GetProperty("type").GetString());
        Assert.Equal("mcp_call", done[1].GetProperty("type").GetString());
        Assert.Equal(new string(text.Reverse().ToArray()), done[1].GetProperty("output").GetString());
        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal(["mcp_list_tools", "mcp_call", "message"], completed.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task ALabelOfOneOfTheTenantsServersIsRefused()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        await McpFixture.RegisterAsync(http, "cs", fixture.Friendly.Url);
        var (r, body) = await CreateAsync(http, new { input = "hi", tools = new[] { Server("node", fixture.Node.Url), Server("cs", fixture.Friendly.Url) } });
        await r.ExpectErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("tools[1].server_label", body.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task TheOpenAiNodeSdkSendsAnMcpToolAndReadsItsItems()
    {
        var (_, key) = await fixture.TenantAsync();
        var (plainText, streamText) = (McpFixture.Unique("sdk-"), McpFixture.Unique("sdk-stream-"));
        Chat.Llm.Enqueue(
            FakeReply.WithToolCalls(new FakeToolCall("node__reverse", $$"""{"text":"{{plainText}}"}""")), FakeReply.WithText("reversed for the sdk"),
            FakeReply.WithToolCalls(new FakeToolCall("node__reverse", $$"""{"text":"{{streamText}}"}""")), FakeReply.WithText("streamed for the sdk"));

        var result = (await Clients.NodeScript.ClientAsync("responses-mcp-openai.mjs", Chat.Cluster.First.BaseAddress, key, ChatCluster.Model,
            new Dictionary<string, string> { ["MCP_URL"] = fixture.Node.Url })).Result();

        Assert.Equal("node", result.GetProperty("listLabel").GetString());
        Assert.Equal(["reverse"], result.GetProperty("listTools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("object", result.GetProperty("listSchemaType").GetString());
        Assert.Equal("reverse", result.GetProperty("callName").GetString());
        Assert.Equal("node", result.GetProperty("callLabel").GetString());
        Assert.Equal(plainText, result.GetProperty("callArguments").GetProperty("text").GetString());
        Assert.Equal(new string(plainText.Reverse().ToArray()), result.GetProperty("callOutput").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("callError").ValueKind);
        Assert.Equal("reversed for the sdk", result.GetProperty("text").GetString());
        Assert.Equal("mcp", result.GetProperty("echoedType").GetString());
        var types = result.GetProperty("types").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("response.mcp_list_tools.completed", types);
        Assert.Contains("response.mcp_call.completed", types);
        Assert.Equal("response.completed", types[^1]);
        Assert.Equal(new string(streamText.Reverse().ToArray()), result.GetProperty("streamedOutput").GetString());
        Assert.Equal(1, await fixture.Node.CallsAsync(plainText));
        Assert.Equal(1, await fixture.Node.CallsAsync(streamText));
    }
}
