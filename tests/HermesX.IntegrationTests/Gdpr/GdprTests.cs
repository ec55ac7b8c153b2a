using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Grains.Auth;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Skills;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Gdpr;

/// <summary>Export, delete and restore through the API, on a silo with the S3 object store (default 30-day grace).</summary>
public sealed class GdprTests(SkillsFixture fixture) : IClassFixture<SkillsFixture>
{
    private TestDatabase Db => fixture.Cluster.Database;

    [Fact]
    public async Task ExportHoldsEverythingOfTheTenantAndNothingOfAnother()
    {
        var (a, keyA) = await fixture.TenantAsync("admin");
        var (b, keyB) = await fixture.TenantAsync("admin");
        using var ca = fixture.Client(keyA);
        using var cb = fixture.Client(keyB);
        await TenantData.SeedAsync(ca, "marker-a-" + a[..8], Db, a);
        await TenantData.SeedAsync(cb, "marker-b-" + b[..8], Db, b);
        await TenantData.WaitForUsageAsync(Db, a);

        var auditBefore = await Db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM audit_logs WHERE tenant_id = '{a}'");
        using var response = await ca.GetAsync("/v1/gdpr/export", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal(a, root.GetProperty("tenant_id").GetString());
        Assert.Equal(1, root.GetProperty("format_version").GetInt32());

        var counts = await TenantData.CountsAsync(Db, a);
        Assert.Contains("messages", counts.Keys);
        foreach (var (table, count) in counts)
        {
            var rows = root.GetProperty(table).EnumerateArray().ToList();
            Assert.All(rows, row => Assert.Equal(a, row.GetProperty("tenant_id").GetString()));
            Assert.True(rows.Count > 0, $"{table} exported no row");
            if (table == "audit_logs")
            {
                // The export's own request is audited after it began.
                Assert.InRange(rows.Count, auditBefore, count);
            }
            else
            {
                Assert.True(count == rows.Count, $"{table}: {rows.Count} exported, {count} in the database");
            }
        }
        Assert.Contains(root.GetProperty("memories").EnumerateArray(), m => m.GetProperty("value").GetString() == "marker-a-" + a[..8]);
        Assert.Contains(root.GetProperty("todos").EnumerateArray(), t => t.GetProperty("text").GetString() == "todo marker-a-" + a[..8]);

        // Keys without their hashes; nothing secret, nothing of the other tenant.
        Assert.All(root.GetProperty("api_keys").EnumerateArray(), k => Assert.False(k.TryGetProperty("key_hash", out _)));
        Assert.All(root.GetProperty("webhook_endpoints").EnumerateArray(), w => Assert.False(w.TryGetProperty("secret", out _)));
        Assert.All(root.GetProperty("mcp_servers").EnumerateArray(), m => Assert.False(m.TryGetProperty("credentials", out _)));
        Assert.DoesNotContain(ApiKeyStore.Hash(keyA), text);
        Assert.DoesNotContain(keyA, text);
        Assert.DoesNotContain(b, text);
        Assert.DoesNotContain("marker-b-", text);

        var objects = root.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("key").GetString()!).ToList();
        Assert.Contains($"{a}/SOUL.md", objects);
        Assert.All(objects, k => Assert.StartsWith(a + "/", k));
        Assert.Equal((await fixture.KeysAsync(a)).Order(), objects.Order());
    }

    [Fact]
    public async Task DeletedTenantsKeysAreRefusedAtOnceAndWorkAgainAfterRestore()
    {
        var (tenant, adminKey) = await fixture.TenantAsync("admin");
        using var platform = fixture.Cluster.Admin();
        var (_, userKey) = await platform.CreateKeyAsync(tenant, ["user"]);
        using var admin = fixture.Client(adminKey);
        using var user = fixture.Client(userKey);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(user, "before", "kept-session")).Response.StatusCode);

        // No confirmation, or the wrong one: nothing happens.
        Assert.Equal("confirmation_required", await (await admin.DeleteAsync("/v1/gdpr/data")).ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal("confirmation_required", await (await admin.DeleteAsync("/v1/gdpr/data?confirm=someone-else")).ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal("active", (await (await admin.GetAsync("/v1/gdpr/status")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());

        var deleted = await (await admin.DeleteAsync($"/v1/gdpr/data?confirm={tenant}")).ExpectJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending_deletion", deleted.GetProperty("status").GetString());
        Assert.Equal(30, deleted.GetProperty("grace_period_days").GetInt32());
        var purgeAfter = deleted.GetProperty("purge_after").GetDateTimeOffset();
        Assert.InRange(purgeAfter - deleted.GetProperty("deleted_at").GetDateTimeOffset(), TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));

        // Every credential of the tenant stops at once, on every endpoint but the deletion ones for admins.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ChatCluster.ChatAsync(user, "after", "kept-session")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/v1/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/v1/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/v1/api-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/v1/gdpr/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsync("/v1/gdpr/restore", null)).StatusCode);
        var status = await (await admin.GetAsync("/v1/gdpr/status")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("pending_deletion", status.GetProperty("status").GetString());
        Assert.Equal(purgeAfter, status.GetProperty("purge_after").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/gdpr/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.DeleteAsync($"/v1/gdpr/data?confirm={tenant}")).StatusCode);
        Assert.Equal("conflict", await (await platform.DeleteAsync($"/v1/gdpr/data?tenant_id={tenant}&confirm={tenant}")).ExpectErrorAsync(HttpStatusCode.Conflict));
        Assert.Equal(1L, await Db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = 'kept-session' AND content = 'before'"));

        var restored = await (await admin.PostAsync("/v1/gdpr/restore", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("active", restored.GetProperty("status").GetString());
        Assert.False(restored.TryGetProperty("purge_after", out _));
        Assert.Equal("conflict", await (await admin.PostAsync("/v1/gdpr/restore", null)).ExpectErrorAsync(HttpStatusCode.Conflict));

        // Everything is back as it was.
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(user, "after restore", "kept-session")).Response.StatusCode);
        var sessions = await (await user.GetAsync("/v1/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(sessions.GetProperty("data").EnumerateArray(), s => s.GetProperty("id").GetString() == "kept-session");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/api-keys")).StatusCode);
        Assert.Equal(0L, await Db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{tenant}%'"));
    }

    [Fact]
    public async Task ThePlatformAdminActsOnANamedTenantAndCanRestoreOne()
    {
        var (tenant, key) = await fixture.TenantAsync("admin");
        using var platform = fixture.Cluster.Admin();
        Assert.Equal("tenant_id", (await (await platform.GetAsync("/v1/gdpr/status")).ExpectJsonAsync(HttpStatusCode.BadRequest))
            .GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("active", (await (await platform.GetAsync($"/v1/gdpr/status?tenant_id={tenant}")).ExpectJsonAsync(HttpStatusCode.OK))
            .GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await platform.DeleteAsync($"/v1/tenants/{tenant}")).StatusCode);
        var deleted = await (await platform.GetAsync($"/v1/tenants/{tenant}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(deleted.GetProperty("purge_after").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(29));
        using var client = fixture.Client(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/me")).StatusCode);

        var restored = await (await platform.PostAsync($"/v1/tenants/{tenant}/restore", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(restored.TryGetProperty("deleted_at", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await platform.PostAsync($"/v1/tenants/{tenant}/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.PostAsync("/v1/tenants/no-such-tenant/restore", null)).StatusCode);

        // A tenant admin naming another tenant learns nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/gdpr/status?tenant_id=someone-else")).StatusCode);
    }
}
