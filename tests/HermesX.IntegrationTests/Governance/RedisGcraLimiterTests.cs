using HermesX.Frontend.RateLimiting;
using HermesX.Grains.Configuration;
using StackExchange.Redis;

namespace HermesX.IntegrationTests.Governance;

/// <summary>The Lua script itself against the suite's Redis, on a clock the test passes in.</summary>
public sealed class RedisGcraLimiterTests : GcraLimiterContract, IAsyncLifetime
{
    // A service id of its own per test, so no two tests (nor runs) share a budget.
    private readonly RedisGcraLimiter _limiter = new(new HermesOptions
    {
        ConnectionString = "unused",
        AcpToken = "unused",
        ServiceId = "gcra-" + Guid.NewGuid().ToString("N"),
    });

    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(RedisUrl.Parse(RedisServer.SuiteUrl));

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    protected override Task<RateLimitDecision> AcquireAsync(RateLimitRequest request, DateTimeOffset now) =>
        _limiter.AcquireAsync(_redis.GetDatabase(), request, now);

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
}
