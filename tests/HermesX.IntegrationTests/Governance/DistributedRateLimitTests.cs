using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;
using StackExchange.Redis;
using static HermesX.IntegrationTests.Governance.RateLimitAssertions;

namespace HermesX.IntegrationTests.Governance;

/// <summary>Two silos sharing the suite's Redis; each test makes its own tenants.</summary>
public sealed class TwoSilosOnSuiteRedisFixture : IAsyncLifetime
{
    public const int KeyLimit = 4;

    public HermesCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await HermesCluster.StartAsync(silos: 2, new Dictionary<string, string>
    {
        ["REDIS_URL"] = RedisServer.SuiteUrl,
        ["HERMES_KEY_RATE_LIMIT_RPM"] = KeyLimit.ToString(),
    });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Two silos sharing Redis count one budget per tenant and one per key.</summary>
public sealed class DistributedRateLimitTests(TwoSilosOnSuiteRedisFixture fixture) : IClassFixture<TwoSilosOnSuiteRedisFixture>
{
    private const int KeyLimit = TwoSilosOnSuiteRedisFixture.KeyLimit;

    private HermesCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task TenantBudgetIsSharedByBothSilosAndTheNextRequestIs429()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { rate_limit_rpm = 6 })).GetProperty("id").GetString()!;
        var (_, keyA) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (_, keyB) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var a0 = Cluster.Silos[0].CreateClient(keyA);
        using var a1 = Cluster.Silos[1].CreateClient(keyA);
        using var b0 = Cluster.Silos[0].CreateClient(keyB);
        using var b1 = Cluster.Silos[1].CreateClient(keyB);
        HttpClient[] order = [a0, b1, a1, b0, a0, b1];

        for (var i = 0; i < order.Length; i++)
        {
            using var r = await order[i].GetAsync("/v1/me");
            // Headers describe the tighter budget: the tenant's 6, or the key's 4 (each key has made i/2+1 calls).
            var (tenantLeft, keyLeft) = (6 - (i + 1), KeyLimit - (i / 2 + 1));
            await ExpectAdmittedAsync(r, keyLeft < tenantLeft ? KeyLimit : 6, Math.Min(tenantLeft, keyLeft));
        }

        var before = await RejectedMetricAsync(Cluster.Silos[1], tenant);
        using (var refused = await a1.GetAsync("/v1/me"))
        {
            await ExpectRefusedAsync(refused, "tenant", 6);
        }
        using (var refused = await b0.GetAsync("/v1/me"))
        {
            await ExpectRefusedAsync(refused, "tenant", 6);
        }
        Assert.Equal(before + 1, await RejectedMetricAsync(Cluster.Silos[1], tenant));
    }

    [Fact]
    public async Task KeyLimitRefusalsChargeNothingToTheTenantAndTenantRefusalsNothingToTheKey()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { rate_limit_rpm = 6 })).GetProperty("id").GetString()!;
        var (_, keyA) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (keyBId, keyB) = await admin.CreateKeyAsync(tenant, ["user"]);

        for (var i = 0; i < KeyLimit + 3; i++)
        {
            using var a = Cluster.Silos[i % 2].CreateClient(keyA);
            using var r = await a.GetAsync("/v1/me");
            if (i < KeyLimit)
            {
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }
            else
            {
                await ExpectRefusedAsync(r, "key", KeyLimit);
            }
        }
        // Key A's three refusals cost the tenant nothing: 4 of its 6 are used, so key B gets exactly 2.
        using var b = Cluster.Silos[1].CreateClient(keyB);
        for (var i = 0; i < 2; i++)
        {
            using var r = await b.GetAsync("/v1/me");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        using (var r = await b.GetAsync("/v1/me"))
        {
            await ExpectRefusedAsync(r, "tenant", 6);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisUrlForClient(RedisServer.SuiteUrl));
        var db = redis.GetDatabase();
        var tag = "hx:{" + Cluster.ClusterId + ":" + tenant + "}";
        Assert.Equal(6, await RequestsHeldAsync(db, tag + ":gcra:tenant"));
        Assert.Equal(2, await RequestsHeldAsync(db, tag + ":gcra:key:api_key:" + keyBId));
    }

    /// <summary>
    /// Requests a budget held when it was last charged: its value is "used:at" in ms·requests, a
    /// request adding one window. Rounded up, since the budget drains a little between requests.
    /// </summary>
    private static async Task<long> RequestsHeldAsync(IDatabase db, string key)
    {
        var value = (string?)await db.StringGetAsync(key) ?? throw new Xunit.Sdk.XunitException($"{key} is not in Redis");
        var used = long.Parse(value.Split(':')[0]);
        return (used + HermesX.Frontend.Gate.Gcra.WindowMs - 1) / HermesX.Frontend.Gate.Gcra.WindowMs;
    }

    [Fact]
    public async Task AnonymousEndpointsAndThePlatformAdminSpendNoBudget()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { rate_limit_rpm = 1 })).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var client = Cluster.First.CreateClient(key);

        foreach (var path in new[] { "/health/ready", "/health/live", "/v1/openapi", "/v1/metrics", "/admin/v1/bootstrap/status", "/health/ready" })
        {
            using var r = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.False(r.Headers.Contains("X-RateLimit-Limit"), path);
        }
        for (var i = 0; i < 3; i++)
        {
            using var r = await admin.GetAsync($"/v1/tenants/{tenant}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.False(r.Headers.Contains("X-RateLimit-Limit"));
        }
        using (var r = await client.GetAsync("/v1/me"))
        {
            await ExpectAdmittedAsync(r, 1, 0);
        }
        using (var r = await client.GetAsync("/v1/me"))
        {
            await ExpectRefusedAsync(r, "tenant", 1);
        }
    }

    [Fact]
    public async Task RaisingTheTenantLimitTakesEffectOnTheNextRequest()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { rate_limit_rpm = 1 })).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var client = Cluster.Silos[1].CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/v1/me")).StatusCode);

        using var patch = await admin.PatchAsync($"/v1/tenants/{tenant}", JsonContent.Create(new { rate_limit_rpm = 3 }));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        using var r = await client.GetAsync("/v1/me");
        await ExpectAdmittedAsync(r, 3, 1);
    }

    /// <summary>The tests' own client reads the same URL form the service does.</summary>
    private static ConfigurationOptions RedisUrlForClient(string url) => HermesX.Frontend.Gate.RedisUrl.Parse(url);
}
