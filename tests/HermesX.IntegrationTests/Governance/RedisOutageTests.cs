using System.Net;
using System.Text.Json;
using HermesX.Testing;
using static HermesX.IntegrationTests.Governance.RateLimitAssertions;

namespace HermesX.IntegrationTests.Governance;

/// <summary>Redis stops under two running silos and comes back: the API keeps answering and limiting throughout.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private const int TenantLimit = 4;

    private RedisServer _redis = null!;
    private HermesCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        try
        {
            _cluster = await HermesCluster.StartAsync(silos: 2, new Dictionary<string, string> { ["REDIS_URL"] = _redis.Url });
        }
        catch
        {
            // xunit does not dispose a class whose initialisation failed: do not leave Redis running.
            await _redis.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task LocalLimiterTakesOverWhileRedisIsDownAndRedisBackMakesLimitsSharedAgain()
    {
        using var admin = _cluster.Admin();
        await AwaitRedisStatusAsync("ok");
        await ExpectSharedBudgetAsync(admin);

        await _redis.KillAsync();
        await AwaitRedisStatusAsync("degraded");
        var (first, second) = await SpendTenantBudgetOnFirstSiloAsync(admin);
        using var _first = first;
        using var _second = second;
        // Still limited, by this silo alone ...
        using (var r = await first.GetAsync("/v1/me"))
        {
            await ExpectRefusedAsync(r, "tenant", TenantLimit);
        }
        // ... which is why the other silo, counting on its own, still has the whole budget.
        using (var r = await second.GetAsync("/v1/me"))
        {
            await ExpectAdmittedAsync(r, TenantLimit, TenantLimit - 1);
        }

        await _redis.RestartAsync();
        await AwaitRedisStatusAsync("ok");
        await ExpectSharedBudgetAsync(admin);
    }

    /// <summary>A new tenant's key on each silo, with the tenant's whole budget spent through the first, each request admitted.</summary>
    private async Task<(HttpClient First, HttpClient Second)> SpendTenantBudgetOnFirstSiloAsync(HttpClient admin)
    {
        var tenant = await CreateTenantAsync(admin);
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        var first = _cluster.Silos[0].CreateClient(key);
        var second = _cluster.Silos[1].CreateClient(key);
        for (var i = 0; i < TenantLimit; i++)
        {
            using var r = await first.GetAsync("/v1/me");
            await ExpectAdmittedAsync(r, TenantLimit, TenantLimit - i - 1);
        }
        return (first, second);
    }

    /// <summary>The whole budget spent on the first silo leaves nothing on the second: one shared count.</summary>
    private async Task ExpectSharedBudgetAsync(HttpClient admin)
    {
        var (first, second) = await SpendTenantBudgetOnFirstSiloAsync(admin);
        using var _first = first;
        using var _second = second;
        using var refused = await second.GetAsync("/v1/me");
        await ExpectRefusedAsync(refused, "tenant", TenantLimit);
    }

    private static async Task<string> CreateTenantAsync(HttpClient admin) =>
        (await admin.CreateTenantAsync(extra: new { rate_limit_rpm = TenantLimit })).GetProperty("id").GetString()!;

    /// <summary>Both silos report Redis as <paramref name="status"/> while /health/ready stays 200.</summary>
    private async Task AwaitRedisStatusAsync(string status)
    {
        foreach (var silo in _cluster.Silos)
        {
            using var http = silo.CreateClient();
            await ApiHelpers.PollAsync(async () =>
            {
                using var r = await http.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
                return json.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString() == status;
            }, TimeSpan.FromSeconds(30), $"{silo.Name} reporting redis {status}");
        }
    }
}
