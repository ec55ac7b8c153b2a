using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace HermesX.IntegrationTests.Security;

/// <summary>
/// A seeded fuzz of malformed requests over every write endpoint and every query filter, spread
/// over both silos. Every write must be refused with a clean 4xx and nothing may change; no query
/// may answer 5xx; no silo may exit.
/// </summary>
[Collection(HostileInputCollection.Name)]
public sealed class HostileFuzzTests(HostileInputFixture f, ITestOutputHelper output)
{
    private const int Seed = 20_261_201;
    private const string Mark = "ZQXMARKZQX";

    /// <summary>A write endpoint with a valid body; <see cref="Capped"/> are string fields with a length limit.</summary>
    private sealed record WriteTemplate(string Who, string Method, string Target, string Body, string[] Capped);

    private static readonly WriteTemplate[] Writes =
    [
        new("platform", "POST", "/v1/tenants", """{"name":"fuzz","plan":"free","rate_limit_rpm":100,"max_sessions":10,"config":{"a":"b"},"daily_token_budget":1000}""", ["name", "plan"]),
        new("platform", "PATCH", "/v1/tenants/{tenant}", """{"name":"fuzz","rate_limit_rpm":1000000,"config":{"a":"b"},"max_streams_per_user":5}""", ["name"]),
        new("platform", "PUT", "/v1/tenants/{tenant}", """{"name":"fuzz","plan":"enterprise","rate_limit_rpm":1000000}""", ["name", "plan"]),
        new("admin", "POST", "/v1/api-keys", """{"name":"k","roles":["user"],"scopes":["read"]}""", ["name"]),
        new("platform", "POST", "/v1/api-keys", """{"name":"k","tenant_id":"{tenant}","roles":["user"]}""", ["name", "tenant_id"]),
        new("platform", "POST", "/admin/v1/tenants/{tenant}/api-keys", """{"name":"k","roles":["user"],"expires_at":"2099-01-01T00:00:00Z"}""", ["name"]),
        new("user", "POST", "/v1/sessions", """{"id":"fuzz-session","title":"t","model":"fake-gpt"}""", ["id", "title", "model"]),
        new("user", "POST", "/v1/chat/completions", """{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}],"temperature":0.5,"max_tokens":10,"session_id":"fuzz-chat","stream":false}""", ["model", "session_id"]),
        new("user", "POST", "/v1/agent/chat", """{"model":"fake-gpt","messages":[{"role":"system","content":"s"},{"role":"user","content":"hi"}],"session_id":"fuzz-agent"}""", ["model", "session_id"]),
        new("user", "POST", "/v1/chat/abort", """{"session_id":"{session}"}""", ["session_id"]),
        new("admin", "PUT", "/v1/persona", """{"content":"You are kind."}""", ["content"]),
        new("operator", "POST", "/v1/skills", """{"content":"---\nname: fuzz-skill\ndescription: d\n---\nbody\n"}""", ["content"]),
    ];

    /// <summary>Endpoints whose path names something: each gets only ids that name nothing.</summary>
    private static readonly (string Who, string Method, string Target)[] PathWrites =
    [
        ("platform", "DELETE", "/v1/tenants/{odd}"), ("platform", "POST", "/v1/tenants/{odd}/restore"),
        ("admin", "DELETE", "/v1/api-keys/{odd}"), ("admin", "POST", "/v1/api-keys/{odd}/rotate"),
        ("platform", "DELETE", "/admin/v1/tenants/{odd}/api-keys/{odd}"), ("platform", "POST", "/admin/v1/tenants/{tenant}/api-keys/{odd}/rotate"),
        ("user", "DELETE", "/v1/sessions/{odd}"), ("admin", "DELETE", "/v1/skills/{odd}"),
        ("platform", "DELETE", "/v1/gdpr/data?tenant_id={odd}&confirm={odd}"), ("platform", "POST", "/v1/gdpr/restore?tenant_id={odd}"),
        ("admin", "PUT", "/v1/skills/{odd}"),
    ];

    private static readonly string[] OddIds =
    [
        "%20", "%FF", "%C0%AF", "%ED%A0%80", new('a', 300), "..", "%2e%2e", "%E2%80%AE", "1e400", "-1", "0x00",
        "%27%3B%20DROP%20TABLE%20tenants%3B--", "%C3%A9t%C3%A9", "nothing-here", "_platform", "a%2Fb", "%09", "%0A",
    ];

    private static readonly (string Who, string Path, string[] Params)[] Queries =
    [
        ("admin", "/v1/audit-logs", ["action", "status", "actor", "from", "to", "limit", "offset"]),
        ("platform", "/admin/v1/audit-logs", ["tenant_id", "action", "status", "actor", "from", "to", "limit"]),
        ("admin", "/v1/execution-receipts", ["session_id", "tool_name", "status", "limit", "offset"]),
        ("admin", "/v1/usage", ["from", "to", "granularity", "group_by"]),
        ("admin", "/v1/usage/details", ["session_id", "limit", "offset"]),
        ("platform", "/admin/v1/usage", ["tenant_id", "from", "to", "granularity"]),
        ("user", "/v1/sessions", ["limit", "offset"]),
        ("user", "/v1/sessions/{session}/messages", ["limit", "offset"]),
        ("platform", "/v1/tenants", ["include_deleted", "limit", "offset"]),
        ("platform", "/v1/api-keys", ["tenant_id", "limit", "offset"]),
        ("admin", "/v1/skills", ["limit", "offset"]),
        ("platform", "/v1/gdpr/status", ["tenant_id"]),
        ("platform", "/admin/v1/tenants/{tenant}/api-keys", ["limit", "offset"]),
    ];

    private static readonly string[] QueryValues =
    [
        "%00", "a%00b", "%FF", "%C0%AF", "%ED%A0%80", new('q', 5000), "-1", "1e400", "99999999999999999999", "2026-13-45T99:99:99Z",
        "%27%20OR%201%3D1%20--", "%20", "", "null", "%5B%5D", "%7B%22%24gt%22%3A%22%22%7D", "%E2%80%AE", "0", "500.5", "true",
    ];

    [Fact]
    public async Task TwoThousandMalformedRequestsGetCleanAnswersAndChangeNothing()
    {
        var rng = new Random(Seed);
        var before = await f.RowCountsAsync();
        var tenantBefore = await TenantRecordAsync();
        var (writes, queries, statuses) = (0, 0, new SortedDictionary<int, int>());

        for (var i = 0; i < 1_500; i++)
        {
            var (request, what) = i % 5 == 4 ? OddPathRequest(rng) : MalformedWrite(rng);
            var (status, body, response) = await request.SendAsync(f, i, f.Ids);
            response.Dispose();
            Count(statuses, status);
            HostileAssert.IsCleanError(status, body, $"write #{i} {what}");
            writes++;
        }
        for (var i = 0; i < 700; i++)
        {
            var (request, what) = MalformedQuery(rng);
            var (status, body, response) = await request.SendAsync(f, i, f.Ids);
            response.Dispose();
            Count(statuses, status);
            Assert.True(status < 500, $"query #{i} {what}: {status} {body}");
            if (status >= 400)
            {
                HostileAssert.IsCleanError(status, body, $"query #{i} {what}");
            }
            else
            {
                HostileAssert.LeaksNothing(body, $"query #{i} {what}");
            }
            queries++;
        }

        output.WriteLine($"{writes} writes, {queries} queries; statuses: {string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        Assert.Equal(before, await f.RowCountsAsync());
        Assert.Equal(tenantBefore, await TenantRecordAsync());
        await f.AssertSilosAliveAsync();
    }

    private async Task<string> TenantRecordAsync()
    {
        using var admin = f.Client("platform");
        return (await admin.GetFromJsonAsync<JsonElement>($"/v1/tenants/{f.Tenant}")).GetRawText();
    }

    private static void Count(SortedDictionary<int, int> statuses, int status) => statuses[status] = statuses.GetValueOrDefault(status) + 1;

    private static (HostileRequest, string) OddPathRequest(Random rng)
    {
        var (who, method, target) = PathWrites[rng.Next(PathWrites.Length)];
        var odd = OddIds[rng.Next(OddIds.Length)];
        var path = target.Replace("{odd}", odd, StringComparison.Ordinal);
        // PUT of a skill carries a valid SKILL.md whose name can never match an odd path.
        var request = method == "PUT"
            ? new HostileRequest(who, method, path, Encoding.UTF8.GetBytes("---\nname: fuzz-skill\ndescription: d\n---\nbody\n"), "text/markdown")
            : new HostileRequest(who, method, path, null, null);
        return (request, $"{method} {path}");
    }

    private static (HostileRequest, string) MalformedWrite(Random rng)
    {
        var t = Writes[rng.Next(Writes.Length)];
        var template = JsonNode.Parse(t.Body)!.AsObject();
        var fields = template.Select(p => p.Key).ToArray();
        var field = fields[rng.Next(fields.Length)];
        var kind = rng.Next(9);
        string text;
        byte[]? raw = null;
        string what;
        switch (kind)
        {
            case 0:
                var valid = template.ToJsonString();
                text = valid[..rng.Next(1, valid.Length - 1)];
                what = "truncated";
                break;
            case 1:
                template[field] = WrongType(template[field], rng);
                text = template.ToJsonString();
                what = $"wrong type for {field}";
                break;
            case 2 or 3 or 4:
                var leaf = StringLeaves(template).ToList();
                var (parent, key) = leaf[rng.Next(leaf.Count)];
                Set(parent, key, "a" + Mark + "b");
                text = template.ToJsonString();
                (text, raw, what) = kind switch
                {
                    2 => (text.Replace(Mark, rng.Next(2) == 0 ? "\\u0000" : "x\\u0000", StringComparison.Ordinal), null, $"NUL in {key}"),
                    3 => (text, BadBytes[rng.Next(BadBytes.Length)], $"invalid UTF-8 in {key}"),
                    _ => (text.Replace(Mark, rng.Next(2) == 0 ? "\\ud800" : "\\udfff\\ud800", StringComparison.Ordinal), null, $"lone surrogate in {key}"),
                };
                break;
            case 5:
                template[field] = Mark;
                var depth = rng.Next(65, 3_000);
                text = template.ToJsonString().Replace($"\"{Mark}\"", new string('[', depth) + new string(']', depth), StringComparison.Ordinal);
                what = $"{depth}-deep nesting in {field}";
                break;
            case 6:
                template[field] = Mark;
                var number = new[] { "1e400", "-1e400", "1" + new string('0', 400), "99999999999999999999", "-99999999999999999999" }[rng.Next(5)];
                text = template.ToJsonString().Replace($"\"{Mark}\"", number, StringComparison.Ordinal);
                what = $"huge number {number[..Math.Min(8, number.Length)]} in {field}";
                break;
            case 7 when t.Capped.Length > 0:
                var capped = t.Capped[rng.Next(t.Capped.Length)];
                template[capped] = new string('x', rng.Next(70_000, 300_000));
                text = template.ToJsonString();
                what = $"huge string in {capped}";
                break;
            default:
                var valid2 = template.ToJsonString();
                text = valid2[..rng.Next(1, valid2.Length - 1)] + "\"" + new string('{', rng.Next(1, 5));
                what = "garbage tail";
                break;
        }
        var request = raw is null
            ? HostileRequest.Json(t.Who, t.Method, t.Target, text)
            : HostileRequest.RawJson(t.Who, t.Method, t.Target, text.Replace(Mark, "%BYTES%", StringComparison.Ordinal), raw);
        return (request, $"{t.Method} {t.Target}: {what}");
    }

    private static (HostileRequest, string) MalformedQuery(Random rng)
    {
        var (who, path, names) = Queries[rng.Next(Queries.Length)];
        var parts = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => $"{names[rng.Next(names.Length)]}={QueryValues[rng.Next(QueryValues.Length)]}");
        var target = $"{path}?{string.Join("&", parts)}";
        return (new HostileRequest(who, "GET", target, null, null), target.Length > 120 ? target[..120] : target);
    }

    private static readonly byte[][] BadBytes = [[0xFF], [0x80], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];

    private static JsonNode WrongType(JsonNode? current, Random rng)
    {
        var kind = current?.GetValueKind();
        JsonNode[] options =
        [
            JsonValue.Create("text")!, JsonValue.Create(42)!, JsonValue.Create(true)!, new JsonArray(1, 2), new JsonObject { ["k"] = 1 },
        ];
        var pick = options.Where(o => o.GetValueKind() != kind && !(kind is JsonValueKind.True or JsonValueKind.False && o.GetValueKind() is JsonValueKind.True or JsonValueKind.False)).ToArray();
        return pick[rng.Next(pick.Length)];
    }

    private static IEnumerable<(JsonNode Parent, object Key)> StringLeaves(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o.ToList())
                {
                    if (v is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        yield return (o, k);
                    }
                    else if (v is not null)
                    {
                        foreach (var leaf in StringLeaves(v))
                        {
                            yield return leaf;
                        }
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        yield return (a, i);
                    }
                    else if (a[i] is { } child)
                    {
                        foreach (var leaf in StringLeaves(child))
                        {
                            yield return leaf;
                        }
                    }
                }
                break;
        }
    }

    private static void Set(JsonNode parent, object key, string value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }
    }
}
