using System.Text;

namespace HermesX.IntegrationTests.Security;

/// <summary>
/// The named attacks: each is one request that must be answered with a 4xx in our error shape and
/// write nothing. Targets may use {tenant}, {other}, {session} and {key_id}.
/// </summary>
public static class HostileCases
{
    private static readonly (string Name, byte[] Bytes)[] BadUtf8 =
    [
        ("invalid byte FF", [0xFF]),
        ("lone continuation byte", [0x80]),
        ("truncated two-byte form", [0xC3]),
        ("overlong slash", [0xC0, 0xAF]),
        ("overlong NUL", [0xC0, 0x80]),
        ("encoded surrogate", [0xED, 0xA0, 0x80]),
        ("five-byte form", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
    ];

    private static readonly string[] Escapes = ["\\u0000", "a\\u0000b", "\\ud800", "\\udc00", "x\\ud83dy"];

    public static readonly Dictionary<string, HostileRequest> All = Build();

    public static IEnumerable<object[]> Names() => All.Keys.Select(k => new object[] { k });

    private static Dictionary<string, HostileRequest> Build()
    {
        var c = new Dictionary<string, HostileRequest>();
        var chat = """{"model":"fake-gpt","messages":[{"role":"user","content":"%S"}]}""";
        foreach (var e in Escapes)
        {
            c[$"chat content escape {e}"] = HostileRequest.Json("user", "POST", "/v1/chat/completions", chat.Replace("%S", e));
            c[$"api key name escape {e}"] = HostileRequest.Json("admin", "POST", "/v1/api-keys", $$"""{"name":"{{e}}"}""");
            c[$"tenant name escape {e}"] = HostileRequest.Json("platform", "POST", "/v1/tenants", $$"""{"name":"{{e}}"}""");
        }
        foreach (var (name, bytes) in BadUtf8)
        {
            c[$"chat content {name}"] = HostileRequest.RawJson("user", "POST", "/v1/chat/completions", chat.Replace("%S", "%BYTES%"), bytes);
            c[$"abort session {name}"] = HostileRequest.RawJson("user", "POST", "/v1/chat/abort", """{"session_id":"%BYTES%"}""", bytes);
            c[$"session title {name}"] = HostileRequest.RawJson("user", "POST", "/v1/sessions", """{"title":"%BYTES%"}""", bytes);
        }
        c["chat tool parameters NUL"] = HostileRequest.Json("user", "POST", "/v1/chat/completions",
            """{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","description":"\u0000"}}}]}""");
        c["chat message name NUL"] = HostileRequest.Json("user", "POST", "/v1/chat/completions",
            """{"model":"fake-gpt","messages":[{"role":"user","content":"hi","name":"\u0000"}]}""");
        c["chat property name NUL"] = HostileRequest.Json("user", "POST", "/v1/chat/completions",
            """{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}],"x\u0000":1}""");
        c["chat temperature 1e400"] = HostileRequest.Json("user", "POST", "/v1/chat/completions",
            """{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}],"temperature":1e400}""");
        c["chat max_tokens 1e30"] = HostileRequest.Json("user", "POST", "/v1/chat/completions",
            """{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}],"max_tokens":1000000000000000000000000000000}""");
        c["chat nesting 5000 deep"] = HostileRequest.Json("user", "POST", "/v1/chat/completions",
            """{"model":"fake-gpt","messages":""" + new string('[', 5000) + new string(']', 5000) + "}");
        c["chat truncated"] = HostileRequest.Json("user", "POST", "/v1/chat/completions", """{"model":"fake-gpt","messages":[{"role":"us""");
        c["chat session id NUL"] = HostileRequest.Json("user", "POST", "/v1/chat/completions",
            """{"model":"fake-gpt","session_id":"a\u0000","messages":[{"role":"user","content":"hi"}]}""");
        c["tenant config NUL value"] = HostileRequest.Json("platform", "POST", "/v1/tenants", """{"name":"n","config":{"k":"\u0000"}}""");
        c["tenant config NUL key"] = HostileRequest.Json("platform", "POST", "/v1/tenants", """{"name":"n","config":{"\u0000":1}}""");
        c["tenant config lone surrogate"] = HostileRequest.Json("platform", "PATCH", "/v1/tenants/{tenant}", """{"config":{"k":"\ud800"}}""");
        c["tenant config raw bad UTF-8"] = HostileRequest.RawJson("platform", "PATCH", "/v1/tenants/{tenant}", """{"config":{"k":"%BYTES%"}}""", [0xFF, 0xFE]);
        c["tenant config 1 MB"] = HostileRequest.Json("platform", "PATCH", "/v1/tenants/{tenant}",
            """{"config":{"k":"%S"}}""".Replace("%S", new string('x', 300_000), StringComparison.Ordinal));
        c["tenant rpm 1e400"] = HostileRequest.Json("platform", "PATCH", "/v1/tenants/{tenant}", """{"rate_limit_rpm":1e400}""");
        c["tenant name number"] = HostileRequest.Json("platform", "POST", "/v1/tenants", """{"name":12}""");
        c["api key scopes NUL"] = HostileRequest.Json("admin", "POST", "/v1/api-keys", """{"name":"k","scopes":["read\u0000"]}""");
        c["api key tenant_id NUL"] = HostileRequest.Json("platform", "POST", "/v1/api-keys", """{"name":"k","tenant_id":"\u0000"}""");
        c["api key tenant_id blank"] = HostileRequest.Json("platform", "POST", "/v1/api-keys", """{"name":"k","tenant_id":" "}""");
        c["session id NUL"] = HostileRequest.Json("user", "POST", "/v1/sessions", """{"id":"a\u0000b"}""");
        c["persona NUL"] = HostileRequest.Json("admin", "PUT", "/v1/persona", """{"content":"You are \u0000 kind."}""");
        c["skill JSON NUL"] = HostileRequest.Json("admin", "POST", "/v1/skills",
            """{"content":"---\nname: nul-skill\ndescription: d\n---\nbody \u0000"}""");
        c["skill markdown bad UTF-8"] = new HostileRequest("admin", "PUT", "/v1/skills/bad-utf8",
            [.. Encoding.UTF8.GetBytes("---\nname: bad-utf8\ndescription: d\n---\nbody "), 0xFF, 0xC0, 0xAF], "text/markdown");

        // NUL (and a lone surrogate, percent-encoded) in every query filter.
        foreach (var (who, target) in new[]
        {
            ("admin", "/v1/me?x=%00"),
            ("admin", "/v1/audit-logs?actor=%00"),
            ("admin", "/v1/audit-logs?action=a%00b"),
            ("admin", "/v1/execution-receipts?session_id=%00"),
            ("admin", "/v1/execution-receipts?tool_name=%00"),
            ("admin", "/v1/usage/details?session_id=%00"),
            ("admin", "/v1/sessions?x%00=1"),
            ("platform", "/admin/v1/audit-logs?tenant_id=%00"),
            ("platform", "/admin/v1/usage?tenant_id=%00"),
            ("platform", "/v1/gdpr/status?tenant_id=%00"),
            ("platform", "/v1/api-keys?tenant_id=%00"),
            ("platform", "/v1/tenants?include_deleted=%00"),
            ("admin", "/v1/audit-logs?from=%00"),
        })
        {
            c[$"query {who} {target}"] = new HostileRequest(who, "GET", target, null, null);
        }

        // Blank and malformed tenant ids.
        foreach (var (method, target) in new[]
        {
            ("GET", "/v1/tenants/%20"), ("PATCH", "/v1/tenants/%20"), ("PUT", "/v1/tenants/%20"), ("DELETE", "/v1/tenants/%20"),
            ("POST", "/v1/tenants/%20/restore"), ("GET", "/v1/gdpr/status?tenant_id=%20"), ("GET", "/v1/gdpr/export?tenant_id=%20"),
            ("POST", "/v1/gdpr/restore?tenant_id=%20"), ("DELETE", "/v1/gdpr/data?tenant_id=%20&confirm=%20"),
            ("GET", "/admin/v1/tenants/%20/api-keys"), ("GET", "/v1/api-keys?tenant_id=%20"),
            ("GET", "/v1/tenants/" + new string('a', 3000)), ("GET", "/v1/tenants/%E2%80%8B"), ("GET", "/v1/tenants/_platform"),
        })
        {
            var body = method is "PATCH" or "PUT" ? """{"name":"n","plan":"free"}""" : null;
            c[$"tenant id {method} {(target.Length > 60 ? target[..60] : target)}"] = body is null
                ? new HostileRequest("platform", method, target, null, null)
                : HostileRequest.Json("platform", method, target, body);
        }

        // Oversize and shape attacks on skills.
        c["skill 1 MB markdown"] = new HostileRequest("admin", "PUT", "/v1/skills/huge", Skill("huge", new string('x', 1_100_000)), "text/markdown");
        c["skill 100 KB markdown"] = new HostileRequest("admin", "PUT", "/v1/skills/big", Skill("big", new string('x', 100_000)), "text/markdown");
        c["skill 1 MB JSON"] = HostileRequest.Json("admin", "POST", "/v1/skills", $$"""{"content":"{{new string('x', 1_100_000)}}"}""");
        c["persona 1 MB"] = new HostileRequest("admin", "PUT", "/v1/persona", Encoding.UTF8.GetBytes(new string('p', 1_100_000)), "text/markdown");
        c["skill flow nesting 30000"] = new HostileRequest("admin", "PUT", "/v1/skills/x",
            Encoding.UTF8.GetBytes("---\nx: " + new string('[', 30_000) + new string(']', 30_000) + "\nname: x\ndescription: d\n---\nbody\n"), "text/markdown");
        c["skill mapping nesting 20000"] = new HostileRequest("admin", "PUT", "/v1/skills/x",
            Encoding.UTF8.GetBytes("---\nx: " + string.Concat(Enumerable.Repeat("{a: ", 15_000)) + new string('}', 15_000) + "\n---\nbody\n"), "text/markdown");
        c["skill block sequence nesting"] = new HostileRequest("admin", "PUT", "/v1/skills/x",
            Encoding.UTF8.GetBytes("---\nx:\n" + string.Concat(Enumerable.Repeat("- ", 20_000)) + "a\n---\nbody\n"), "text/markdown");
        c["skill alias bomb"] = new HostileRequest("admin", "PUT", "/v1/skills/x", Encoding.UTF8.GetBytes(AliasBomb()), "text/markdown");
        c["skill wrong content type"] = new HostileRequest("admin", "PUT", "/v1/skills/x", Encoding.UTF8.GetBytes("<xml/>"), "application/xml");

        // Key powers: a key never mints more than it holds.
        c["read-only admin key creates admin key"] = HostileRequest.Json("readonly-admin", "POST", "/v1/api-keys", """{"name":"escalate","roles":["admin"]}""");
        c["limited admin key creates full-scope key"] = HostileRequest.Json("limited-admin", "POST", "/v1/api-keys", """{"name":"escalate","roles":["user"]}""");
        c["limited admin key grants audit:read"] = HostileRequest.Json("limited-admin", "POST", "/v1/api-keys",
            """{"name":"escalate","roles":["auditor"],"scopes":["audit:read"]}""");
        c["limited admin key rotates full admin key"] = new HostileRequest("limited-admin", "POST", "/v1/api-keys/{key_id}/rotate", null, null);
        c["operator creates key"] = HostileRequest.Json("operator", "POST", "/v1/api-keys", """{"name":"escalate","roles":["operator"]}""");
        return c;
    }

    private static byte[] Skill(string name, string body) =>
        Encoding.UTF8.GetBytes($"---\nname: {name}\ndescription: d\n---\n{body}\n");

    /// <summary>Each level refers to the one before it nine times: loading it naively is exponential.</summary>
    private static string AliasBomb()
    {
        var sb = new StringBuilder("---\nname: bomb\ndescription: d\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            sb.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append("]\n");
        }
        return sb.Append("---\nbody\n").ToString();
    }
}
