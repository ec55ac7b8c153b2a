using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.Testing;
using Npgsql;

namespace HermesX.Deploy.Tests.PgBouncer;

/// <summary>Two silos working through PgBouncer in transaction pooling mode, as production runs beyond a few silos.</summary>
public sealed class PgBouncerTests(PgBouncerFixture fixture) : IClassFixture<PgBouncerFixture>
{
    [Fact]
    public async Task BothSilosJoinOneClusterThroughPgBouncerAndMigrateOnce()
    {
        var active = await fixture.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{fixture.ClusterId}' AND status = 3");
        var migrations = await fixture.Database.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM schema_migrations");

        Assert.Equal(2L, active);
        Assert.Equal(HermesX.Grains.Store.Migrator.Embedded.Count, (int)migrations);
        foreach (var silo in fixture.Silos)
        {
            using var http = silo.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        }
    }

    [Fact]
    public async Task ChatStartedOnOneSiloContinuesOnTheOtherWithItsHistory()
    {
        var (_, key) = await fixture.TenantWithKeyAsync("user");
        using var first = fixture.Silos[0].CreateClient(key);
        using var second = fixture.Silos[1].CreateClient(key);

        var (reply, session) = await ChatAsync(first, "Hello", sessionId: null);
        var (again, sameSession) = await ChatAsync(second, "Hello again", session);

        Assert.Equal("Fake reply to: Hello", reply);
        Assert.Equal("Fake reply to: Hello again", again);
        Assert.Equal(session, sameSession);
        var messages = await (await first.GetAsync($"/v1/sessions/{session}/messages")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, messages.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task TenantsSeeOnlyTheirOwnSessionsWhicheverPooledConnectionServesThem()
    {
        var (owner, ownerKey) = await fixture.TenantWithKeyAsync("admin");
        var (_, otherKey) = await fixture.TenantWithKeyAsync("admin");
        using var ownerHttp = fixture.Silos[0].CreateClient(ownerKey);
        using var otherHttp = fixture.Silos[1].CreateClient(otherKey);
        var (_, session) = await ChatAsync(ownerHttp, "private", sessionId: null);

        Assert.Equal(HttpStatusCode.NotFound, (await otherHttp.GetAsync($"/v1/sessions/{session}")).StatusCode);
        var listed = await (await otherHttp.GetAsync("/v1/sessions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(listed.GetProperty("data").EnumerateArray(), s => s.GetProperty("id").GetString() == session);

        // The service role through PgBouncer: the tenant set in one transaction is gone in the
        // next statement, whichever server connection PgBouncer hands it.
        var builder = new NpgsqlConnectionStringBuilder(HermesX.Grains.Store.PostgresUrl.ToConnectionString(fixture.BouncerUrl)) { Pooling = false };
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await using var set = new NpgsqlCommand("SELECT set_config('app.current_tenant', @t, true)", conn, tx);
            set.Parameters.AddWithValue("t", owner);
            await set.ExecuteNonQueryAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM sessions", conn, tx);
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
            await tx.CommitAsync();
        }

        for (var i = 0; i < 5; i++)
        {
            await using var after = new NpgsqlCommand("SELECT count(*) FROM sessions", conn);
            Assert.Equal(0L, (long)(await after.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task ExportThenDeletionPurgesTheTenantThroughItsReminder()
    {
        var (tenant, key) = await fixture.TenantWithKeyAsync("admin");
        using var http = fixture.Silos[1].CreateClient(key);
        await ChatAsync(http, "remember me", sessionId: null);

        var export = await http.GetAsync("/v1/gdpr/export");
        var document = JsonDocument.Parse(await export.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("remember me", document.ToString(), StringComparison.Ordinal);

        var deletion = await (await http.DeleteAsync($"/v1/gdpr/data?confirm={tenant}")).ExpectJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(0, deletion.GetProperty("grace_period_days").GetInt32());
        await ApiHelpers.PollAsync(async () => await fixture.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM tenants WHERE id = '{tenant}'") == 0, TimeSpan.FromSeconds(90), "tenant purged");

        Assert.Equal(0L, await fixture.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}'"));
        Assert.Equal(0L, await fixture.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE tenant_id = '{tenant}'"));
    }

    private static async Task<(string Reply, string Session)> ChatAsync(HttpClient http, string text, string? sessionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = PgBouncerFixture.Model, messages = new[] { new { role = "user", content = text } } }),
        };
        if (sessionId is not null)
        {
            request.Headers.Add("X-Hermes-Session-Id", sessionId);
        }

        using var response = await http.SendAsync(request);
        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        var reply = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        return (reply, response.Headers.GetValues("X-Hermes-Session-Id").Single());
    }
}
