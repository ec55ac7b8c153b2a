using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Skills;
using HermesX.Testing;
using Npgsql;

namespace HermesX.IntegrationTests.Security;

/// <summary>
/// Two real silos (fake LLM, S3 test server) and one tenant with a key of every role, for requests
/// an attacker would send. Limits are off for the tenant so the handlers, not the limiter, answer.
/// </summary>
public sealed class HostileInputFixture : IAsyncLifetime
{
    public ChatCluster Chat { get; private set; } = null!;
    public HermesCluster Cluster => Chat.Cluster;
    public string Tenant { get; private set; } = "";
    public string Other { get; private set; } = "";
    public Dictionary<string, string> Keys { get; } = [];
    public string AdminKeyId { get; private set; } = "";
    public string SessionId { get; } = "hostile-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        var env = S3TestEnvironment.ProcessEnvironment(S3TestEnvironment.NewBucket());
        env["HERMES_KEY_RATE_LIMIT_RPM"] = "0";
        env["HERMES_MAX_ITERATIONS"] = "2";
        Chat = await ChatCluster.StartAsync(2, env);
        using var admin = Cluster.Admin();
        Tenant = (await admin.CreateTenantAsync(extra: new { plan = "enterprise", rate_limit_rpm = 1_000_000 })).GetProperty("id").GetString()!;
        Other = (await admin.CreateTenantAsync(extra: new { plan = "enterprise", rate_limit_rpm = 1_000_000 })).GetProperty("id").GetString()!;
        foreach (var role in new[] { "admin", "operator", "auditor", "user" })
        {
            var (id, key) = await admin.CreateKeyAsync(Tenant, [role]);
            Keys[role] = key;
            if (role == "admin")
            {
                AdminKeyId = id;
            }
        }
        Keys["platform"] = HermesCluster.AcpToken;
        Keys["readonly-admin"] = (await admin.CreateKeyAsync(Tenant, ["admin"], new { scopes = new[] { "read" } })).Key;
        Keys["limited-admin"] = (await admin.CreateKeyAsync(Tenant, ["admin"], new { scopes = new[] { "read", "key:write" } })).Key;
        // One real session, skill and turn, so reads and filters have rows to find.
        using var user = Client("admin");
        var (turn, _) = await ChatCluster.ChatAsync(user, "hello", SessionId);
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        using var skill = await user.PutAsync("/v1/skills/hostile-skill", SkillText.Markdown(SkillText.Of("hostile-skill")));
        Assert.True(skill.IsSuccessStatusCode, await skill.Content.ReadAsStringAsync());
    }

    /// <summary>A client of <paramref name="who"/> ("admin", "user", …, "platform", or "anonymous") on silo <paramref name="silo"/>.</summary>
    public HttpClient Client(string who, int silo = 0) =>
        Cluster.Silos[silo % Cluster.Silos.Count].CreateClient(who == "anonymous" ? null : Keys[who]);

    /// <summary>Rows of every table a request could write to (audit rows aside: refused requests are audited).</summary>
    public async Task<Dictionary<string, long>> RowCountsAsync()
    {
        var tables = await Cluster.Database.ColumnAsSuperuserAsync("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'orleans%'
              AND c.relname NOT IN ('audit_logs', 'schema_migrations') ORDER BY 1
            """);
        var counts = new Dictionary<string, long>();
        foreach (var t in tables)
        {
            counts[t] = await Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM \"{t}\"");
        }
        // Skills live in the object store.
        using var admin = Client("admin");
        counts["skills"] = (await admin.GetFromJsonAsync<JsonElement>("/v1/skills?limit=500")).GetProperty("data").GetArrayLength();
        return counts;
    }

    /// <summary>Both silos still run and answer.</summary>
    public async Task AssertSilosAliveAsync()
    {
        foreach (var silo in Cluster.Silos)
        {
            Assert.False(silo.HasExited, $"silo {silo.Name} exited:\n{silo.Output[^Math.Min(4000, silo.Output.Length)..]}");
            using var http = silo.CreateClient();
            using var live = await http.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
    }

    public IReadOnlyDictionary<string, string> Ids => new Dictionary<string, string>
    {
        ["tenant"] = Tenant, ["other"] = Other, ["session"] = SessionId, ["key_id"] = AdminKeyId,
    };

    public async Task DisposeAsync() => await Chat.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class HostileInputCollection : ICollectionFixture<HostileInputFixture>
{
    public const string Name = "hostile input against two silos";
}

/// <summary>One request as an attacker writes it: bytes exactly as sent.</summary>
public sealed record HostileRequest(string Who, string Method, string Target, byte[]? Body = null, string? ContentType = "application/json")
{
    public static HostileRequest Json(string who, string method, string target, string json) =>
        new(who, method, target, Encoding.UTF8.GetBytes(json));

    /// <summary>JSON text with <c>%BYTES%</c> replaced by raw bytes (invalid UTF-8 and the like).</summary>
    public static HostileRequest RawJson(string who, string method, string target, string json, byte[] bytes)
    {
        var parts = json.Split("%BYTES%");
        var body = new List<byte>(Encoding.UTF8.GetBytes(parts[0]));
        for (var i = 1; i < parts.Length; i++)
        {
            body.AddRange(bytes);
            body.AddRange(Encoding.UTF8.GetBytes(parts[i]));
        }
        return new(who, method, target, [.. body]);
    }

    public async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(HostileInputFixture f, int silo, IReadOnlyDictionary<string, string> ids)
    {
        var target = ids.Aggregate(Target, (t, kv) => t.Replace("{" + kv.Key + "}", kv.Value, StringComparison.Ordinal));
        using var http = f.Client(Who, silo);
        // The target is sent as written: no escaping or normalising by Uri.
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(http.BaseAddress + target.TrimStart('/'), UriKind.Absolute));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
            // A large body asks to continue first: a refusal from its headers alone (413 on its length)
            // then reaches the client before it writes, instead of racing the upload into a broken pipe.
            request.Headers.ExpectContinue = Body.Length > 64 * 1024;
        }
        var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }
}

public static class HostileAssert
{
    /// <summary>Our error shape, and nothing of the implementation: no stack frame, exception or SQL.</summary>
    public static void IsCleanError(int status, string body, string what)
    {
        Assert.True(status is >= 400 and < 500, $"{what}: expected 4xx, got {status}: {Trim(body)}");
        JsonElement error;
        try
        {
            error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"{what}: {status} without our JSON error body: '{Trim(body)}'");
        }
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), what);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()), what);
        LeaksNothing(body, what);
    }

    public static void LeaksNothing(string body, string what)
    {
        foreach (var tell in new[] { "   at ", "Exception", "Npgsql", "System.", "SQLSTATE", "YamlDotNet", "stack" })
        {
            Assert.False(body.Contains(tell, StringComparison.Ordinal), $"{what}: body shows '{tell}': {Trim(body)}");
        }
    }

    private static string Trim(string s) => s.Length <= 400 ? s : s[..400] + "…";
}
