using HermesX.IntegrationTests.Chat;
using HermesX.Testing;
using Xunit.Abstractions;

namespace HermesX.IntegrationTests.Cluster;

/// <summary>
/// What the HPA and a rolling update do, behind nginx as a plain round-robin balancer: silos leave
/// gracefully and join under steady chat load, and no request fails and no turn is lost.
/// </summary>
public sealed class ScalingTests(ITestOutputHelper output)
{
    private const int Sessions = 12;

    [Fact]
    public async Task StoppingAndStartingSilosBehindNginxCostsNoRequest()
    {
        var env = new Dictionary<string, string>(FailoverTests.Unlimited) { ["HERMES_SHUTDOWN_DRAIN_SECONDS"] = "2" };
        await using var chat = await ChatCluster.StartAsync(silos: 3, env);
        var (tenant, key) = await chat.UnlimitedTenantWithKeyAsync();
        var serving = chat.Cluster.Silos.ToList();
        await using var nginx = await NginxBalancer.StartAsync(serving.Select(s => s.ApiPort));
        var sessions = Enumerable.Range(0, Sessions).Select(i => $"scale-{i}").ToList();

        var load = ChatLoad.Start(sessions, _ =>
        {
            var http = new HttpClient { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            return http;
        });
        await using (load)
        {
            await load.WaitAllAnsweredAsync(load.Now, 3, TimeSpan.FromSeconds(60), "every session answering through nginx");

            // Scale down: SIGTERM as Kubernetes sends it, the Service drops the endpoint a moment later.
            await StopGracefullyAsync(serving[0]);
            await load.WaitAllAnsweredAsync(load.Now, 3, TimeSpan.FromSeconds(60), "every session answering after the first stop");

            // Scale up: a new silo joins the cluster and the balancer.
            var joined = await chat.Cluster.AddSiloAsync();
            serving.Add(joined);
            await nginx.SetUpstreamsAsync(serving.Where(s => !s.HasExited).Select(s => s.ApiPort));
            await load.WaitAllAnsweredAsync(load.Now, 3, TimeSpan.FromSeconds(60), "every session answering after a silo joined");

            await StopGracefullyAsync(serving[1]);
            await load.WaitAllAnsweredAsync(load.Now, 3, TimeSpan.FromSeconds(60), "every session answering after the second stop");

            async Task StopGracefullyAsync(SiloProcess silo)
            {
                await silo.TerminateAsync();
                await Task.Delay(TimeSpan.FromSeconds(1));
                await nginx.SetUpstreamsAsync(serving.Where(s => s != silo && !s.HasExited).Select(s => s.ApiPort));
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
                await silo.WaitForExitAsync(exit.Token);
            }
        }

        output.WriteLine($"behind nginx, two graceful stops and one join: {load.Answered} turns answered, {load.Failed} failed; " +
                         $"longest gap {load.LongestGap(TimeSpan.Zero).Gap.TotalSeconds:F2} s");
        Assert.True(load.Failed == 0, $"{load.Failed} requests failed:\n{string.Join("\n", load.Failures.Take(20))}\n--- nginx ---\n{nginx.Output}");

        // Every acknowledged turn is stored: one user and one assistant message each, and nothing else.
        foreach (var session in sessions)
        {
            var acknowledged = load.AnsweredSince(session, TimeSpan.Zero);
            var users = await chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM messages WHERE tenant_id = '{tenant}' AND session_id = '{session}' AND role = 'user'");
            Assert.True(users >= acknowledged, $"{session}: {acknowledged} acknowledged turns but {users} stored");
        }
    }
}
