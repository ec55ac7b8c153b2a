using System.Net;
using HermesX.IntegrationTests.Skills;
using HermesX.Testing;
using Npgsql;

namespace HermesX.IntegrationTests.Gdpr;

/// <summary>Two silos with no grace period, one-day audit retention and maintenance every minute.</summary>
public sealed class PurgeFixture : SkillsFixture
{
    protected override int Silos => 2;

    protected override void Configure(Dictionary<string, string> environment)
    {
        environment["HERMES_GDPR_GRACE_DAYS"] = "0";
        environment["HERMES_AUDIT_RETENTION_DAYS"] = "1";
        environment["HERMES_MAINTENANCE_INTERVAL_MINUTES"] = "1";
    }
}

/// <summary>What the reminders do on their own: purge a deleted tenant everywhere, and apply audit retention.</summary>
public sealed class PurgeTests(PurgeFixture fixture) : IClassFixture<PurgeFixture>
{
    private TestDatabase Db => fixture.Cluster.Database;

    [Fact]
    public async Task AfterTheGracePeriodEveryRowAndObjectOfTheTenantIsGoneAndNothingOfOthers()
    {
        var (doomed, doomedKey) = await fixture.TenantAsync("admin");
        var (kept, keptKey) = await fixture.TenantAsync("admin");
        using var d = fixture.Cluster.Silos[0].CreateClient(doomedKey);
        using var k = fixture.Cluster.Silos[1].CreateClient(keptKey);
        await TenantData.SeedAsync(d, "doomed", Db, doomed);
        await TenantData.SeedAsync(k, "kept", Db, kept);
        await TenantData.WaitForUsageAsync(Db, doomed);
        await TenantData.WaitForUsageAsync(Db, kept);

        var before = await TenantData.CountsAsync(Db, doomed);
        Assert.All(before, c => Assert.True(c.Value > 0, $"{c.Key} holds no row of the tenant before the purge"));
        Assert.NotEmpty(await fixture.KeysAsync(doomed));
        var keptObjects = await fixture.KeysAsync(kept);
        Assert.NotEmpty(keptObjects);

        var answer = await (await d.DeleteAsync($"/v1/gdpr/data?confirm={doomed}")).ExpectJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(0, answer.GetProperty("grace_period_days").GetInt32());
        var keptBefore = await TenantData.CountsAsync(Db, kept);

        // The tenant's reminder purges it; the tenant row goes last, in the same transaction as the rest.
        await ApiHelpers.PollAsync(async () => await Db.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM tenants WHERE id = '{doomed}'") == 0, TimeSpan.FromSeconds(60), "tenant purged");

        foreach (var (table, rows) in await TenantData.CountsAsync(Db, doomed))
        {
            Assert.True(rows == 0, $"{table} still holds {rows} rows of the purged tenant");
        }
        Assert.Empty(await fixture.KeysAsync(doomed));
        Assert.Equal(0L, await Db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{doomed}%'"));
        Assert.Equal(1L, await Db.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM audit_logs WHERE tenant_id = '_platform' AND action = 'PURGE tenant' AND detail->>'tenant_id' = '{doomed}' AND (detail->>'messages')::int > 0"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await d.GetAsync("/v1/gdpr/status")).StatusCode);

        // The other tenant lost nothing (its audit rows only grow).
        foreach (var (table, rows) in await TenantData.CountsAsync(Db, kept))
        {
            Assert.True(table == "audit_logs" ? rows >= keptBefore[table] : rows == keptBefore[table], $"{table} of the other tenant changed");
        }
        Assert.Equal(keptObjects.Order(), (await fixture.KeysAsync(kept)).Order());
        Assert.Equal(HttpStatusCode.OK, (await k.GetAsync("/v1/sessions")).StatusCode);
    }

    [Fact]
    public async Task TheMaintenanceReminderRemovesAuditRowsPastRetentionOnly()
    {
        var (tenant, key) = await fixture.TenantAsync("admin");
        using var http = fixture.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/me")).StatusCode);
        await Db.ExecuteAsSuperuserAsync($"""
            INSERT INTO audit_logs (tenant_id, actor, auth_method, action, status, created_at) VALUES
                ('{tenant}', 'expired', 'test', 'old', 200, now() - interval '3 days'),
                ('{tenant}', 'expired', 'test', 'old', 200, now() - interval '25 hours'),
                ('{tenant}', 'in-retention', 'test', 'recent', 200, now() - interval '20 hours')
            """);

        await ApiHelpers.PollAsync(async () => await Db.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND actor = 'expired'") == 0, TimeSpan.FromSeconds(100), "expired audit rows removed");
        Assert.Equal(1L, await Db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND actor = 'in-retention'"));
        Assert.True(await Db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND action LIKE 'GET /v1/me%'") >= 1);
    }
}
