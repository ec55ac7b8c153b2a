using System.Globalization;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Webhooks;

/// <summary>
/// kill -9 of the silo delivering an event, while the attempt is in flight: the other silo claims the
/// delivery once the attempt's lease ends and delivers it with the same webhook-id.
/// </summary>
public sealed class WebhookSiloKillTests
{
    [Fact]
    public async Task AnEventInFlightWhenItsSiloIsKilledIsDeliveredByTheOtherWithTheSameId()
    {
        // A long attempt timeout: the held attempt is still in flight when its silo is killed (lease 25 s).
        var env = new Dictionary<string, string>(WebhookCluster.Loopback) { ["HERMES_WEBHOOK_TIMEOUT_SECONDS"] = "20" };
        await using var hooks = await WebhookCluster.StartAsync(2, env);
        var (_, key) = await hooks.TenantAsync();
        using var http = hooks.Cluster.Silos[1].CreateClient(key);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await WebhookCluster.RegisterAsync(http, receiver.Url, "budget.threshold_crossed");
        await receiver.ConfigureAsync(secret, "hang-first");

        await WebhookCluster.CrossHalfTheBudgetAsync(http);
        var first = (await receiver.WaitForAsync(r => r.Count == 1, TimeSpan.FromSeconds(60), "the first attempt held"))[0];
        var sender = hooks.Cluster.Silos.Single(s => Sockets.Owns(s.ProcessId, first.RemotePort, receiver.Port));
        await sender.KillAsync();
        var survivor = hooks.Cluster.Silos.Single(s => s != sender);

        var seen = await receiver.WaitForAsync(r => r.Any(x => x.Status == 200), TimeSpan.FromSeconds(90), "the event delivered by the survivor");
        var delivered = seen.First(r => r.Status == 200);
        Assert.Equal(first.WebhookId, delivered.WebhookId);
        Assert.True(first.Verified, first.VerifyError);
        Assert.True(delivered.Verified, delivered.VerifyError);

        using var fromSurvivor = survivor.CreateClient(key);
        await ApiHelpers.PollAsync(async () => (await WebhookCluster.DeliveriesAsync(fromSurvivor, id)) is [var d] && d.GetProperty("state").GetString() == "delivered",
            TimeSpan.FromSeconds(30), "the delivery recorded as delivered");
        var row = Assert.Single(await WebhookCluster.DeliveriesAsync(fromSurvivor, id));
        Assert.Equal(first.WebhookId, row.GetProperty("id").GetString());
        Assert.Equal(2, row.GetProperty("attempts").GetInt32());
    }
}

/// <summary>Which process holds a TCP connection, read from /proc (Linux): the test's way to tell which silo sent a request.</summary>
internal static class Sockets
{
    /// <summary>Whether process <paramref name="pid"/> owns the connection from local port <paramref name="localPort"/> to <paramref name="remotePort"/>.</summary>
    public static bool Owns(int pid, int localPort, int remotePort)
    {
        var inodes = new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 9 && f[1].Contains(':') && Port(f[1]) == localPort && Port(f[2]) == remotePort)
            .Select(f => $"socket:[{f[9]}]").ToHashSet();
        if (inodes.Count == 0)
        {
            return false;
        }
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target));
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static int Port(string address) =>
        int.TryParse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p) ? p : -1;
}
