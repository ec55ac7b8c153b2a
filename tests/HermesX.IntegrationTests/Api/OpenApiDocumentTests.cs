using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Api;

/// <summary>/v1/openapi tells a client generator what every operation answers, errors included.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class OpenApiDocumentTests(SharedClusterFixture fixture)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>Actions named by their path alone.</summary>
    private static readonly string[] Bodiless = ["/admin/v1/bootstrap", "/v1/tenants/{id}/restore", "/v1/api-keys/{id}/rotate",
        "/admin/v1/tenants/{tenantId}/api-keys/{id}/rotate", "/v1/gdpr/restore", "/v1/responses/{id}/cancel", "/v1/mcp/servers/{id}/refresh"];

    [Fact]
    public async Task EveryOperationDocumentsItsSuccessAndErrorResponses()
    {
        using var http = fixture.Cluster.First.CreateClient();
        using var r = await http.GetAsync("/v1/openapi");
        var doc = await r.ExpectJsonAsync(HttpStatusCode.OK);
        var problems = new List<string>();
        var operations = 0;
        // The Orleans dashboard's own pages and JSON (behind the platform token) are not the HermesX API.
        foreach (var path in doc.GetProperty("paths").EnumerateObject().Where(p => !p.Name.StartsWith("/dashboard", StringComparison.Ordinal)))
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                operations++;
                problems.AddRange(Problems(path.Name, op.Name.ToUpperInvariant(), op.Value).Select(p => $"{op.Name.ToUpperInvariant()} {path.Name}: {p}"));
            }
        }
        Assert.True(operations > 40, $"only {operations} operations documented");
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Handlers take the caller as a bound parameter: it is the credentials, not something a client sends.
        Assert.False(doc.GetProperty("components").GetProperty("schemas").TryGetProperty("Caller", out _), "the Caller is documented as a schema");
        var envelope = doc.GetProperty("components").GetProperty("schemas").GetProperty("ApiErrorBody").GetProperty("properties").GetProperty("error");
        Assert.True(envelope.TryGetProperty("$ref", out _) || envelope.TryGetProperty("properties", out _), envelope.GetRawText());
    }

    /// <summary>
    /// The model allow-list and USD budgets are read as raw JSON (absent and null differ on an update), yet a
    /// generated client must see a list of strings and a number of dollars, each nullable; nothing else is a field.
    /// </summary>
    [Fact]
    public async Task TenantAndKeyBodiesDocumentTheirModelListsAndBudgetsAndNoOtherField()
    {
        using var http = fixture.Cluster.First.CreateClient();
        using var r = await http.GetAsync("/v1/openapi");
        var schemas = (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("components").GetProperty("schemas");
        var budgets = new Dictionary<string, string[]>
        {
            ["CreateTenantRequest"] = ["daily_budget_usd", "monthly_budget_usd", "user_daily_budget_usd"],
            ["UpdateTenantRequest"] = ["daily_budget_usd", "monthly_budget_usd", "user_daily_budget_usd"],
            ["CreateApiKeyRequest"] = ["daily_budget_usd", "monthly_budget_usd"],
            ["UpdateApiKeyRequest"] = ["daily_budget_usd", "monthly_budget_usd"],
        };
        foreach (var (name, fields) in budgets)
        {
            var properties = schemas.GetProperty(name).GetProperty("properties");
            var models = properties.GetProperty("models");
            Assert.Equal(["array", "null"], Types(models).Order());
            Assert.Equal("string", models.GetProperty("items").GetProperty("type").GetString());
            Assert.All(fields, f => Assert.Equal(["null", "number"], Types(properties.GetProperty(f)).Order()));
        }
        var keyFields = schemas.GetProperty("UpdateApiKeyRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["daily_budget_usd", "models", "monthly_budget_usd"], keyFields);

        using var admin = fixture.Cluster.First.CreateClient(HermesCluster.AcpToken);
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (keyId, _) = await admin.CreateKeyAsync(tenant);
        using var refused = await admin.PatchAsJsonAsync($"/admin/v1/tenants/{tenant}/api-keys/{keyId}", new { changes_budgets = true, daily_budget_usd = 5 });
        var error = (await refused.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Contains("changes_budgets", error.GetProperty("message").GetString());
        using var keys = await admin.GetAsync($"/admin/v1/tenants/{tenant}/api-keys");
        var key = (await keys.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, key.GetProperty("daily_budget_usd").ValueKind);
    }

    private static IEnumerable<string> Types(JsonElement schema) => schema.GetProperty("type").EnumerateArray().Select(t => t.GetString()!);

    private static IEnumerable<string> Problems(string path, string method, JsonElement op)
    {
        if (!op.TryGetProperty("responses", out var responses))
        {
            yield return "no responses";
            yield break;
        }
        var statuses = responses.EnumerateObject().ToDictionary(s => s.Name, s => s.Value);
        if (op.TryGetProperty("parameters", out var parameters) &&
            parameters.EnumerateArray().Any(p => string.Equals(p.GetProperty("name").GetString(), "caller", StringComparison.OrdinalIgnoreCase)))
        {
            yield return "documents the bound caller as a parameter";
        }
        var successes = statuses.Where(s => s.Key.StartsWith('2')).ToList();
        if (successes.Count == 0)
        {
            yield return "no 2xx response";
        }
        foreach (var (status, response) in successes.Where(s => s.Key != "204"))
        {
            if (!response.TryGetProperty("content", out var content) ||
                !content.EnumerateObject().Any(c => c.Name == "text/event-stream" || c.Value.TryGetProperty("schema", out _)))
            {
                yield return $"{status} has no schema";
            }
        }
        // Anonymous: the probes and whether bootstrap ran; every other operation asks for credentials.
        var anonymous = path.StartsWith("/health/", StringComparison.Ordinal) || path.StartsWith("/v1/health/", StringComparison.Ordinal) ||
            path == "/admin/v1/bootstrap/status";
        string[] required = anonymous ? ["400"] : ["400", "401", "429"];
        foreach (var status in required.Where(s => !statuses.ContainsKey(s)))
        {
            yield return $"no {status} response";
        }
        if (method is "POST" or "PUT" or "PATCH" && !Bodiless.Contains(path))
        {
            if (!op.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").EnumerateObject().Any() ||
                !body.GetProperty("content").EnumerateObject().All(c => c.Value.TryGetProperty("schema", out _)))
            {
                yield return "no request body schema";
            }
        }
        if (method == "POST" && path is "/v1/chat/completions" or "/v1/agent/chat" or "/v1/messages" or "/v1/responses")
        {
            var content = statuses["200"].GetProperty("content");
            if (!content.TryGetProperty("application/json", out var json) || !json.TryGetProperty("schema", out _) || !content.TryGetProperty("text/event-stream", out _))
            {
                yield return "200 does not document both its JSON and its text/event-stream";
            }
        }
        var envelope = path.StartsWith("/v1/messages", StringComparison.Ordinal) ? "AnthropicErrorBody" : "ApiErrorBody";
        // Readiness answers its report with the 503 as with the 200.
        var readiness = path.EndsWith("/ready", StringComparison.Ordinal);
        foreach (var (status, response) in statuses.Where(s => s.Key[0] is '4' or '5' && !(readiness && s.Key == "503")))
        {
            if (!(response.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json) &&
                  json.TryGetProperty("schema", out var schema) && schema.TryGetProperty("$ref", out var reference) &&
                  reference.GetString() == $"#/components/schemas/{envelope}"))
            {
                yield return $"{status} is not documented as the {envelope} error envelope";
            }
        }
    }
}
