using HermesX.Frontend.Gate;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.IntegrationTests.Governance;

/// <summary>The Lua script itself against the suite's Redis, on a clock the test passes in.</summary>
public sealed class RedisGcraLimiterTests : GcraLimiterContract, IAsyncLifetime
{
    // A service id of its own per test, so no two tests (nor runs) share a budget.
    private readonly string _serviceId = "gcra-" + Guid.NewGuid().ToString("N");
    private readonly RedisGcraLimiter _limiter;

    public RedisGcraLimiterTests() =>
        _limiter = new RedisGcraLimiter(new HermesOptions { ConnectionString = "unused", AcpToken = "unused", ServiceId = _serviceId });

    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(RedisUrl.Parse(RedisServer.SuiteUrl));

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    protected override Task<RateLimitDecision> AcquireAsync(RateLimitRequest request, DateTimeOffset now) =>
        _limiter.AcquireAsync(_redis.GetDatabase(), request, now);

    [Fact]
    public async Task TwoSilosOnOneRedisShareEachBudgetToTheMillisecond()
    {
        // A second silo: its own limiter and connection, the same service id.
        await using var other = await ConnectionMultiplexer.ConnectAsync(RedisUrl.Parse(RedisServer.SuiteUrl));
        var secondSilo = new RedisGcraLimiter(new HermesOptions { ConnectionString = "unused", AcpToken = "unused", ServiceId = _serviceId });
        Task<RateLimitDecision> OnSecond(RateLimitRequest r, long ms) => secondSilo.AcquireAsync(other.GetDatabase(), r, Start.AddMilliseconds(ms));

        var request = new RateLimitRequest("t", 3, "k", 2);
        Assert.True((await AcquireAsync(request, Start)).Allowed);
        Assert.Equal((true, RateLimitScope.Key, 0), Summary(await OnSecond(request, 0)));
        // The key's two are spent across both silos: neither admits it until 30 s have passed.
        Assert.Equal((false, RateLimitScope.Key, 0), Summary(await AcquireAsync(request, Start.AddMilliseconds(29_999))));
        Assert.Equal((true, RateLimitScope.Key, 0), Summary(await OnSecond(request, 30_000)));

        // The tenant (3 a minute, one back every 20 s) now holds 1.5 requests: a fresh key on the first
        // silo brings it to 2.5, none left whole; the next, on the second silo, fits 10 s later to the ms.
        Assert.Equal((true, RateLimitScope.Tenant, 0), Summary(await AcquireAsync(request with { KeyId = "k2" }, Start.AddMilliseconds(30_000))));
        var refused = await OnSecond(request with { KeyId = "k3" }, 30_000);
        Assert.Equal((false, RateLimitScope.Tenant, 0, 10_000.0), (refused.Allowed, refused.Scope, refused.Remaining, refused.Reset.TotalMilliseconds));
        Assert.False((await AcquireAsync(request with { KeyId = "k3" }, Start.AddMilliseconds(39_999))).Allowed);
        Assert.True((await OnSecond(request with { KeyId = "k3" }, 40_000)).Allowed);
    }

    private static (bool, RateLimitScope, int) Summary(RateLimitDecision d) => (d.Allowed, d.Scope, d.Remaining);

    [Fact]
    public async Task EachBudgetIsOneSmallValueThatExpiresAWindowAfterItHasDrained()
    {
        var request = new RateLimitRequest("t", 1_000, "k", 600);
        for (var i = 0; i < 500; i++)
        {
            await AcquireAsync(request, Start);
        }
        var db = _redis.GetDatabase();
        var (tenant, key) = _limiter.KeysFor(request);
        // 500 requests, 60,000 ms·requests each, stamped once: the same few bytes as after one request.
        Assert.Equal("30000000:" + Start.ToUnixTimeMilliseconds(), (string?)await db.StringGetAsync(tenant));
        Assert.Equal(RedisType.String, await db.KeyTypeAsync(key));
        // The tenant's 500 drain at 1,000 per minute (30 s), the key's 500 at 600 per minute (50 s); then one window more.
        Assert.InRange((await db.KeyTimeToLiveAsync(tenant))!.Value, TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(90));
        Assert.InRange((await db.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(51), TimeSpan.FromSeconds(110));
    }

    [Theory]
    [InlineData(60, 0, 1)]
    [InlineData(600, 0, 1)]
    [InlineData(1_200, 0, 2)]
    [InlineData(60_000, 0, 64)]
    [InlineData(1_000_000, 600, 1)]
    [InlineData(0, 1_000_000, 64)]
    public void ALeaseHoldsWhatTheTighterBudgetRefillsInALeasesLifetime(int tenantLimit, int keyLimit, int size) =>
        Assert.Equal(size, RateLimitLeases.SizeFor(new RateLimitRequest("t", tenantLimit, "k", keyLimit)));

    [Fact]
    public async Task AHighLimitIsSpentFromLeasesOfOneRedisCallEach()
    {
        // 60,000 a minute: 100 refill in a lease's 100 ms, so a lease holds the most, 64. The clock
        // stands still, so no lease runs out before it is spent.
        var leases = new RateLimitLeases(_limiter, new FakeTimeProvider());
        var session = new ProfilingSession();
        _redis.RegisterProfiler(() => session);
        var request = new RateLimitRequest("t", 60_000, "k", 0);

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 10 * RateLimitLeases.MaxLease; i++)
        {
            decisions.Add(await leases.AcquireAsync(_redis.GetDatabase(), request));
        }

        Assert.All(decisions, d => Assert.Equal((true, RateLimitScope.Tenant, 60_000), (d.Allowed, d.Scope, d.Limit)));
        Assert.Equal(10, session.FinishProfiling().Count(c => c.Command is "EVALSHA" or "EVAL"));
        // Remaining counts down request by request within a lease, as without one.
        Assert.Equal(decisions[0].Remaining - 1, decisions[1].Remaining);
    }

    [Fact]
    public async Task LeasesOnTwoSilosNeverOverdrawTheBudgetTheyShare()
    {
        // 1,200 a minute: a full burst of 1,200 at once, then 20 a second; leases of 2.
        await using var other = await ConnectionMultiplexer.ConnectAsync(RedisUrl.Parse(RedisServer.SuiteUrl));
        // Leases that never run out here (the clock stands still), so none is forfeited by a slow machine.
        var first = new RateLimitLeases(_limiter, new FakeTimeProvider());
        var second = new RateLimitLeases(new RedisGcraLimiter(new HermesOptions { ConnectionString = "unused", AcpToken = "unused", ServiceId = _serviceId }), new FakeTimeProvider());
        var request = new RateLimitRequest("t", 1_200, "k", 0);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var admitted = 0;
        RateLimitDecision? refused = null;
        while (refused is null)
        {
            foreach (var (silo, db) in new[] { (first, _redis.GetDatabase()), (second, other.GetDatabase()) })
            {
                var d = await silo.AcquireAsync(db, request);
                if (d.Allowed)
                {
                    admitted++;
                }
                else
                {
                    refused ??= d;
                }
            }
        }

        // At most the burst and what refilled meanwhile; at least the burst less what each silo's last lease kept.
        var refilled = (int)Math.Ceiling(started.Elapsed.TotalSeconds * 20);
        Assert.InRange(admitted, 1_200 - 2 * 2, 1_200 + refilled);
        Assert.Equal((false, RateLimitScope.Tenant), (refused.Allowed, refused.Scope));
    }
}

