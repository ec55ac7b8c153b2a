using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Responses;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Approvals;

/// <summary>What the approval tests share: a tenant whose todo tool needs approval, and the calls of the flow.</summary>
public static class ApprovalFlow
{
    /// <summary>A tenant listing <c>todo</c> in tools_requiring_approval, and its key (id and secret).</summary>
    public static async Task<(string Tenant, string KeyId, string Key)> TenantAsync(ChatCluster chat, string role = "user")
    {
        var (tenant, keyId, key) = await chat.TenantAndKeyAsync(role: role);
        using var admin = chat.Cluster.Admin();
        using (var patched = await admin.PatchAsync($"/v1/tenants/{tenant}", JsonContent.Create(new { tools_requiring_approval = new[] { "todo" } })))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }
        return (tenant, keyId, key);
    }

    public static string AddTodo(string text) => JsonSerializer.Serialize(new { action = "add", text });

    /// <summary>POST /v1/responses; the status and body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> RespondAsync(HttpClient http, object body)
    {
        var (response, json) = await ResponsesHttp.CreateAsync(http, body);
        using (response)
        {
            return (response.StatusCode, json);
        }
    }

    public static object Decide(string previous, string approvalId, bool approve, string? reason = null) => new
    {
        previous_response_id = previous,
        input = new object[] { new { type = "mcp_approval_response", approval_request_id = approvalId, approve, reason } },
    };

    /// <summary>The response's one approval request item.</summary>
    public static JsonElement OnlyRequest(JsonElement response) =>
        Assert.Single(response.GetProperty("output").EnumerateArray(), i => i.GetProperty("type").GetString() == "mcp_approval_request");

    public static string Text(JsonElement response) =>
        response.GetProperty("output").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "message")
            .GetProperty("content")[0].GetProperty("text").GetString()!;

    public static Task<long> CountAsync(ChatCluster chat, string sql) => chat.Cluster.Database.ScalarAsSuperuserAsync<long>(sql);

    /// <summary>The actors of the tenant's audit rows of <paramref name="action"/> (tool_approval.approved, .denied, .timed_out).</summary>
    public static async Task<List<string>> ActorsAsync(ChatCluster chat, string tenant, string action)
    {
        await using var conn = await chat.Cluster.Database.OpenAsSuperuserAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT actor FROM audit_logs WHERE tenant_id = @t AND action = @a ORDER BY id", conn);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("a", action);
        var actors = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            actors.Add(r.GetString(0));
        }
        return actors;
    }
}
