using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Testing;
using Xunit.Abstractions;

namespace HermesX.IntegrationTests.Security;

/// <summary>The named attacks, each against both silos: a clean 4xx, nothing written, no silo lost.</summary>
[Collection(HostileInputCollection.Name)]
public sealed class HostileInputTests(HostileInputFixture f, ITestOutputHelper output)
{
    [Fact]
    public void TheSuiteHasAtLeastSixtyNamedCases() => Assert.True(HostileCases.All.Count >= 60, $"{HostileCases.All.Count} cases");

    [Theory]
    [MemberData(nameof(HostileCases.Names), MemberType = typeof(HostileCases))]
    public async Task HostileRequestIsRefusedCleanlyAndWritesNothing(string name)
    {
        var request = HostileCases.All[name];
        var before = await f.RowCountsAsync();
        for (var silo = 0; silo < 2; silo++)
        {
            var started = Stopwatch.GetTimestamp();
            var (status, body, response) = await request.SendAsync(f, silo, f.Ids);
            output.WriteLine($"silo {silo}: {status} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms: {(body.Length > 200 ? body[..200] : body)}");
            HostileAssert.IsCleanError(status, body, name);
            Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("request_id").GetString());
            response.Dispose();
        }
        Assert.Equal(before, await f.RowCountsAsync());
        await f.AssertSilosAliveAsync();
    }

    /// <summary>
    /// Kestrel refuses a NUL in the path (and in headers) before any middleware runs, with an empty
    /// 400 the application cannot shape (docs/security.md, "Errors Kestrel answers itself"). The silo lives on.
    /// </summary>
    [Fact]
    public async Task NulInThePathIsRefusedByKestrelAndTheSiloLives()
    {
        var (status, body, response) = await new HostileRequest("admin", "GET", "/v1/sessions/a%00b").SendAsync(f, 1, f.Ids);
        response.Dispose();
        Assert.Equal(400, status);
        Assert.Equal("", body);
        await f.AssertSilosAliveAsync();
    }

    [Fact]
    public async Task OverlongTargetsAndHeadersAreJsonErrors()
    {
        var (status, body, response) = await new HostileRequest("admin", "GET", "/v1/audit-logs?actor=" + new string('a', 20_000)).SendAsync(f, 0, f.Ids);
        response.Dispose();
        Assert.Equal(414, status);
        HostileAssert.IsCleanError(status, body, "20 KB target");
        using var http = f.Client("admin", 1);
        using var req = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
        for (var i = 0; i < 10; i++)
        {
            req.Headers.Add($"X-Filler-{i}", new string('h', 4_000));
        }
        using var r = await http.SendAsync(req);
        Assert.Equal("headers_too_large", await r.ExpectErrorAsync((HttpStatusCode)431));
    }

    [Fact]
    public async Task AKeyMayMintKeysWithinItsOwnPowers()
    {
        using var limited = f.Client("limited-admin");
        using var within = await limited.PostAsJsonAsync("/v1/api-keys", new { name = "within", roles = new[] { "user" }, scopes = new[] { "read" } });
        var json = await within.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["read"], json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        using var full = f.Client("admin");
        using var peer = await full.PostAsJsonAsync("/v1/api-keys", new { name = "peer", roles = new[] { "admin" } });
        Assert.Contains("key:write", (await peer.ExpectJsonAsync(HttpStatusCode.Created)).GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        // The full admin key the limited one failed to rotate still works.
        using var me = await full.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task DeeplyNestedFrontMatterIsRefusedQuicklyAndTheSiloLives()
    {
        using var admin = f.Client("admin", 1);
        foreach (var depth in new[] { 17, 1_000, 30_000 })
        {
            var text = "---\nname: deep\ndescription: d\nx: " + new string('[', depth) + new string(']', depth) + "\n---\nbody\n";
            var started = Stopwatch.GetTimestamp();
            using var r = await admin.PutAsync("/v1/skills/deep", Skills.SkillText.Markdown(text));
            output.WriteLine($"depth {depth}: {(int)r.StatusCode} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            Assert.Equal("invalid_skill", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        }
        // Sixteen levels is within the limit: the skill is valid and stored.
        var ok = "---\nname: deep-ok\ndescription: d\nx: " + new string('[', 15) + new string(']', 15) + "\n---\nbody\n";
        using (var r = await admin.PutAsync("/v1/skills/deep-ok", Skills.SkillText.Markdown(ok)))
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }
        using (var del = await admin.DeleteAsync("/v1/skills/deep-ok"))
        {
            Assert.Equal(HttpStatusCode.NoContent, del.StatusCode);
        }
        await f.AssertSilosAliveAsync();
    }

    [Fact]
    public async Task OversizeSkillIsTooLargeNotAnOutage()
    {
        using var admin = f.Client("admin");
        var text = "---\nname: huge\ndescription: d\n---\n" + new string('x', 1_100_000);
        using var r = await admin.PutAsync("/v1/skills/huge", Skills.SkillText.Markdown(text));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        await r.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        foreach (var silo in f.Cluster.Silos)
        {
            Assert.DoesNotContain("Object store unavailable", silo.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AChatRefusedForItsTextLeavesNoSessionBehind()
    {
        using var user = f.Client("user");
        var session = "nul-" + Guid.NewGuid().ToString("N")[..8];
        using var r = await user.PostAsync("/v1/chat/completions", new StringContent(
            $$"""{"model":"fake-gpt","session_id":"{{session}}","messages":[{"role":"user","content":"a\u0000b"}]}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal("invalid_json", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        using var get = await user.GetAsync($"/v1/sessions/{session}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(0L, await f.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE id = '{session}'"));
    }

    [Fact]
    public async Task AnonymousFailuresGoToThePlatformAuditNeverToANamedTenant()
    {
        var ghost = "ghost-" + Guid.NewGuid().ToString("N")[..8];
        var requestIds = new List<string>();
        using var anonymous = f.Client("anonymous");
        foreach (var tenant in new[] { f.Tenant, ghost })
        {
            var id = "anon-" + Guid.NewGuid().ToString("N");
            requestIds.Add(id);
            using var req = new HttpRequestMessage(HttpMethod.Get, $"/v1/me?tenant_id={tenant}");
            req.Headers.Add("X-Request-ID", id);
            req.Headers.UserAgent.ParseAdd("forged-agent/1.0");
            using var r = await anonymous.SendAsync(req);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
        await AuditRowsAppearAsync(requestIds);
        foreach (var id in requestIds)
        {
            Assert.Equal("_platform", await f.Cluster.Database.ScalarAsSuperuserAsync<string>($"SELECT tenant_id FROM audit_logs WHERE request_id = '{id}'"));
        }
        Assert.Equal(0L, await f.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM audit_logs WHERE tenant_id = '{ghost}'"));
        using var admin = f.Client("admin");
        var own = await admin.GetFromJsonAsync<JsonElement>("/v1/audit-logs?actor=anonymous&limit=500");
        Assert.DoesNotContain(own.GetProperty("data").EnumerateArray(), row => requestIds.Contains(row.GetProperty("request_id").GetString()!));
    }

    [Fact]
    public async Task OrdinaryRequestsBesideHostileOnesAreAllAudited()
    {
        var ids = Enumerable.Range(0, 40).Select(_ => "ok-" + Guid.NewGuid().ToString("N")).ToList();
        var hostile = Enumerable.Range(0, 10).Select(i => f.Client("admin", i).GetAsync("/v1/me?x=%00&y=%ED%A0%80"));
        var ordinary = ids.Select(async (id, i) =>
        {
            using var http = f.Client("user", i);
            using var req = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
            req.Headers.Add("X-Request-ID", id);
            using var r = await http.SendAsync(req);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        });
        await Task.WhenAll(ordinary.Concat(hostile.Select(async t => (await t).Dispose())));
        await AuditRowsAppearAsync(ids);
    }

    /// <summary>
    /// The input guard refuses before any handler, but after authentication: the refusal is audited in
    /// the caller's tenant log like any of its requests, with the offending text replaced so it stores.
    /// </summary>
    [Theory]
    [InlineData("/v1/me?x=%00", "/v1/me?x=\uFFFD", "invalid_request")]
    [InlineData("/v1/skills/Bad%20Name", "/v1/skills/Bad Name", "invalid_skill_name")]
    public async Task ARequestTheGuardsRefuseIsAuditedUnderItsCallerWithStorableText(string target, string storedPath, string code)
    {
        var id = "guard-" + Guid.NewGuid().ToString("N");
        using var user = f.Client("user", 1);
        using (var req = new HttpRequestMessage(HttpMethod.Get, new Uri(user.BaseAddress + target.TrimStart('/'))))
        {
            req.Headers.Add("X-Request-ID", id);
            using var r = await user.SendAsync(req);
            Assert.Equal(code, await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        }
        await AuditRowsAppearAsync([id]);

        using var admin = f.Client("admin");
        var rows = (await admin.GetFromJsonAsync<JsonElement>("/v1/audit-logs?status=400&limit=500")).GetProperty("data").EnumerateArray()
            .Where(row => row.GetProperty("request_id").GetString() == id).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(f.Tenant, row.GetProperty("tenant_id").GetString());
        Assert.Equal("api_key", row.GetProperty("auth_method").GetString());
        Assert.Equal(storedPath, row.GetProperty("detail").GetProperty("path").GetString());
    }

    private async Task AuditRowsAppearAsync(IReadOnlyCollection<string> requestIds)
    {
        var list = string.Join(",", requestIds.Select(i => $"'{i}'"));
        await ApiHelpers.PollAsync(async () =>
                await f.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(DISTINCT request_id) FROM audit_logs WHERE request_id IN ({list})") == requestIds.Count,
            TimeSpan.FromSeconds(15), $"audit rows for all {requestIds.Count} requests");
    }
}
