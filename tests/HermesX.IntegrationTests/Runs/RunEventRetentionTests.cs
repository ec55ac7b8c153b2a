using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Runs;

/// <summary>
/// A one-hour retention of run events and maintenance every minute: the maintenance reminder removes the events of
/// runs ended longer ago, keeps the others, and a stream read of a run whose events are gone is a clear 410.
/// </summary>
public sealed class RunEventRetentionTests
{
    [Fact]
    public async Task TheMaintenanceRunRemovesEventsOfRunsEndedPastRetentionAndTheirStreamIsGone()
    {
        await using var chat = await ChatCluster.StartAsync(1, new Dictionary<string, string>
        {
            ["HERMES_RUN_EVENTS_RETENTION_HOURS"] = "1",
            ["HERMES_MAINTENANCE_INTERVAL_MINUTES"] = "1",
        });
        var (tenant, key) = await chat.TenantWithKeyAsync();
        using var http = chat.Cluster.First.CreateClient(key);
        chat.Llm.Enqueue(new FakeReply { Text = "old news" }, new FakeReply { Text = "fresh news" });
        var old = (await RunHttp.ReadAsync(http, RunHttp.StreamRequest(new { input = "old" })))[0].Data.GetProperty("response").GetProperty("id").GetString()!;
        var fresh = (await RunHttp.ReadAsync(http, RunHttp.StreamRequest(new { input = "fresh" })))[0].Data.GetProperty("response").GetProperty("id").GetString()!;
        await RunHttp.WaitForStatusAsync(http, old, "completed", TimeSpan.FromSeconds(30));
        await RunHttp.WaitForStatusAsync(http, fresh, "completed", TimeSpan.FromSeconds(30));
        var db = chat.Cluster.Database;
        await db.ExecuteAsSuperuserAsync($"UPDATE response_runs SET ended_at = now() - interval '2 hours' WHERE tenant_id = '{tenant}' AND id = '{old}'");

        await ApiHelpers.PollAsync(async () => await EventsAsync(db, tenant, old) == 0, TimeSpan.FromSeconds(150), "the old run's events removed");

        Assert.True(await EventsAsync(db, tenant, fresh) > 0);
        Assert.NotEmpty(await RunHttp.ReadAsync(http, RunHttp.ResumeRequest(fresh, null)));
        using var gone = await http.SendAsync(RunHttp.ResumeRequest(old, 0));
        var error = (await gone.ExpectJsonAsync(HttpStatusCode.Gone)).GetProperty("error");
        Assert.Equal("stream_expired", error.GetProperty("code").GetString());
        Assert.Equal("stream", error.GetProperty("param").GetString());
        Assert.Contains("HERMES_RUN_EVENTS_RETENTION_HOURS", error.GetProperty("message").GetString());
        // The run's result is not part of its stream: it stays readable.
        var (status, body) = await RunHttp.GetAsync(http, old);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("completed", body.GetProperty("status").GetString());
    }

    private static Task<long> EventsAsync(TestDatabase db, string tenant, string id) =>
        db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM response_run_events WHERE tenant_id = '{tenant}' AND response_id = '{id}'");
}
