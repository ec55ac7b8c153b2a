using System.Collections.Concurrent;
using System.Net;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// kill -9 of a silo while group-commit flushes are in flight: every acknowledged turn is stored with
/// its usage and its audit row, and no turn in part (billing exactly once: a turn's usage row commits
/// with its messages, or neither does).
/// </summary>
public sealed class DurabilityUnderKillTests
{
    [Fact]
    public async Task EveryAcknowledgedTurnSurvivesKillNineWithItsUsageAndNoTurnIsHalfWritten()
    {
        // A linger keeps flushes open long enough for the kill to land while some are in progress.
        await using var chat = await ChatCluster.StartAsync(1, new Dictionary<string, string> { ["HERMES_GROUP_COMMIT_LINGER_US"] = "2000" });
        var (tenant, key) = await chat.TenantWithKeyAsync("user");
        using (var admin = chat.Cluster.Admin())
        {
            using var r = await admin.PatchAsync($"/v1/tenants/{tenant}", System.Net.Http.Json.JsonContent.Create(new { rate_limit_rpm = 1_000_000 }));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        var acknowledged = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 12).Select(async c =>
        {
            var session = $"durable-{c}";
            using var http = chat.Cluster.First.CreateClient(key);
            http.Timeout = TimeSpan.FromSeconds(10);
            for (var turn = 0; turn < 500 && !stop.IsCancellationRequested; turn++)
            {
                try
                {
                    var (response, _) = await ChatCluster.ChatAsync(http, $"turn {turn}", session);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.AddOrUpdate(session, 1, (_, n) => n + 1);
                    }
                    response.Dispose();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    return;
                }
            }
        }).ToList();

        await ApiHelpers.PollAsync(() => Task.FromResult(acknowledged.Values.Sum() >= 120), TimeSpan.FromSeconds(60), "120 acknowledged turns");
        await chat.Cluster.First.KillAsync();
        stop.Cancel();
        await Task.WhenAll(clients);

        Assert.True(acknowledged.Count > 0);
        foreach (var (session, turns) in acknowledged)
        {
            var stored = await chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}'");
            var maxSeq = await chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT coalesce(max(seq), 0) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}'");
            // Each turn is one user and one assistant message: an odd count or a gap would be a torn turn.
            Assert.True(stored >= 2 * turns, $"{session}: {turns} acknowledged turns but {stored} messages stored");
            Assert.True(stored % 2 == 0, $"{session}: {stored} messages, a turn stored in part");
            Assert.Equal(stored, maxSeq);
            // At most the one turn in flight at the kill may be stored without its answer having arrived.
            Assert.True(stored <= 2 * (turns + 1), $"{session}: {stored} messages for {turns} acknowledged turns");
            // One usage row per committed turn (one model call each), and one audit row: never more, never fewer.
            var usage = await chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM usage_records WHERE tenant_id = '{tenant}' AND session_id = '{session}'");
            Assert.Equal(stored / 2, usage);
        }
        var turnsStored = await chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND role = 'assistant'");
        var audited = await chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM audit_logs WHERE tenant_id = '{tenant}' AND action = 'POST /v1/chat/completions' AND status = 200");
        Assert.Equal(turnsStored, audited);
    }
}
