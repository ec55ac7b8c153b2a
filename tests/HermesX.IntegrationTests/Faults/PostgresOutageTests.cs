using System.Diagnostics;
using System.Net;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Cluster;
using HermesX.Testing;
using Xunit.Abstractions;

namespace HermesX.IntegrationTests.Faults;

/// <summary>
/// Postgres going away under chat load, seen from the silo as a restart is: every connection reset
/// and new ones refused, then back on the same address.
/// </summary>
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private const int Sessions = 8;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task TurnsFailFastWhileItIsDownLoseNothingAndRecoverByThemselves()
    {
        await using var proxy = TcpProxy.Start(TestDatabase.ServerPort);
        var env = new Dictionary<string, string>(FailoverTests.Unlimited) { [HermesCluster.DatabasePortKey] = proxy.Port.ToString() };
        await using var chat = await ChatCluster.StartAsync(1, env);
        var (tenant, key) = await chat.UnlimitedTenantWithKeyAsync();
        var silo = chat.Cluster.First;
        var sessions = Enumerable.Range(0, Sessions).Select(i => $"pg-outage-{i}").ToList();

        var load = ChatLoad.Start(sessions, key, _ => silo);
        var slowest = TimeSpan.Zero;
        var probes = new List<(HttpStatusCode Status, string? Code)>();
        await using (load)
        {
            await load.WaitAllAnsweredAsync(load.Now, 3, TimeSpan.FromSeconds(60), "every session answering before the outage");

            await proxy.CutAsync();
            var down = Stopwatch.StartNew();
            using var http = silo.CreateClient(key);
            while (down.Elapsed < Outage)
            {
                var started = Stopwatch.GetTimestamp();
                var (r, body) = await ChatCluster.ChatAsync(http, "while the database is down", "pg-outage-probe");
                using (r)
                {
                    var took = Stopwatch.GetElapsedTime(started);
                    slowest = took > slowest ? took : slowest;
                    probes.Add((r.StatusCode, body.ValueKind == System.Text.Json.JsonValueKind.Object ? body.GetProperty("error").GetProperty("code").GetString() : null));
                }
            }
            proxy.Restore();
            var restored = load.Now;
            await load.WaitAllAnsweredAsync(restored, 3, TimeSpan.FromSeconds(60), "every session answering after Postgres is back");
        }

        output.WriteLine($"Postgres down {Outage.TotalSeconds} s under load: {probes.Count} probe turns, slowest answer {slowest.TotalMilliseconds:F0} ms; " +
                         $"{load.Answered} turns answered, {load.Failed} failed attempts");
        Assert.NotEmpty(probes);
        // Every turn sent while the store is down is refused as such, none waits for it to come back.
        Assert.All(probes, p => Assert.Equal((HttpStatusCode.ServiceUnavailable, "store_unavailable"), p));
        Assert.True(slowest < Outage, $"a turn waited {slowest.TotalSeconds:F1} s for the store instead of being refused");

        foreach (var session in sessions)
        {
            var acknowledged = load.AnsweredSince(session, TimeSpan.Zero);
            var users = await chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}' AND role = 'user'");
            Assert.True(users >= acknowledged, $"{session}: {acknowledged} acknowledged turns but {users} stored");
        }
        using var ready = await silo.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
