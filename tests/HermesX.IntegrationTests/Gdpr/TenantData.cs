using System.Net;
using System.Net.Http.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;
using Npgsql;

namespace HermesX.IntegrationTests.Gdpr;

/// <summary>Gives a tenant data in every table (through the API) and reads it back as the superuser.</summary>
public static class TenantData
{
    /// <summary>Model calls <see cref="SeedAsync"/> makes (each leaves one usage record).</summary>
    public const int ModelCalls = 8;

    /// <summary>
    /// A session with messages, a memory, a todo, tool receipts, usage and audit rows, a stored
    /// Responses API response, a streamed background run (its row, steps and events) and a webhook endpoint
    /// with one delivery, all carrying <paramref name="marker"/> (<paramref name="http"/> is a tenant admin's).
    /// </summary>
    public static async Task SeedAsync(HttpClient http, string marker, TestDatabase db, string tenant)
    {
        var session = "s-" + marker;
        foreach (var text in new[]
                 {
                     $$"""call:memory {"action":"set","key":"colour","value":"{{marker}}"}""",
                     $$"""call:todo {"action":"add","text":"todo {{marker}}"}""",
                     $"hello {marker}",
                 })
        {
            var (response, _) = await ChatCluster.ChatAsync(http, text, session);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var stored = await http.PostAsJsonAsync("/v1/responses", new { model = ChatCluster.Model, input = $"respond {marker}" });
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        // A documentation address (TEST-NET-3): public, so accepted, and never reached.
        var hook = await (await http.PostAsJsonAsync("/v1/webhooks", new { url = $"https://203.0.113.10/{marker}", events = new[] { "response.completed" } }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        // This fixture has no event for the endpoint: one is queued as the outbox does, already dead so it is never sent.
        await db.ExecuteAsSuperuserAsync($$"""
            INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_type, body, state, attempts)
            VALUES ('{{tenant}}', 'msg_{{marker}}', '{{hook.GetProperty("id").GetString()}}', 'response.completed', '{"type":"response.completed"}', 'dead', 1)
            """);
        // An MCP server as registering stores it (registering would contact it): its credentials sealed, never exported.
        await db.ExecuteAsSuperuserAsync($"""
            INSERT INTO mcp_servers (tenant_id, id, label, url, has_bearer_token, credentials)
            VALUES ('{tenant}', 'mcp_{marker}', 'tools', 'https://203.0.113.11/{marker}', true, '\x00ff')
            """);
        // A tool call of the session waiting for approval, as a turn stopping for it stores it (its arguments are the conversation's).
        await db.ExecuteAsSuperuserAsync($$"""
            INSERT INTO tool_approvals (tenant_id, id, session_id, response_id, tool_call_id, server_label, tool_name, arguments, deadline)
            VALUES ('{{tenant}}', 'apr_{{marker}}', '{{session}}', 'resp_{{marker}}', 'call_{{marker}}', 'hermes', 'todo', '{}', now() + interval '1 hour')
            """);
        // Read to its end: the run has then ended, with its tool step and its events stored.
        using var run = await http.PostAsJsonAsync("/v1/responses", new
        {
            model = ChatCluster.Model, background = true, stream = true, input = $$"""run {{marker}} call:calculator {"expression":"2+2"}""",
        });
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Contains("response.completed", await run.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until the usage records of the seeded calls are written (they are batched off the request path).</summary>
    public static Task WaitForUsageAsync(TestDatabase db, string tenant) =>
        ApiHelpers.PollAsync(async () => await db.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}'") >= ModelCalls, TimeSpan.FromSeconds(15), "usage records written");

    /// <summary>Every base table with a tenant_id column.</summary>
    public static Task<List<string>> TablesAsync(TestDatabase db) => db.ColumnAsSuperuserAsync("""
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
        """);

    /// <summary>Rows of the tenant per table.</summary>
    public static async Task<Dictionary<string, long>> CountsAsync(TestDatabase db, string tenant)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in await TablesAsync(db))
        {
            counts[table] = await db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM {table} WHERE tenant_id = '{tenant}'");
        }
        return counts;
    }
}
