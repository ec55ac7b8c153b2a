using HermesX.Frontend.Gate;

namespace HermesX.IntegrationTests.Governance;

/// <summary>
/// The rules both limiters keep, on a clock each test sets to the millisecond: the Redis script
/// (<see cref="RedisGcraLimiterTests"/>) and the local fallback (<see cref="LocalGcraLimiterTests"/>)
/// run the same cases, so a silo that falls back to local limiting keeps the same edges.
/// </summary>
public abstract class GcraLimiterContract
{
    /// <summary>An arbitrary instant; every test counts milliseconds from it.</summary>
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract Task<RateLimitDecision> AcquireAsync(RateLimitRequest request, DateTimeOffset now);

    private Task<RateLimitDecision> At(long ms, RateLimitRequest request) => AcquireAsync(request, Start.AddMilliseconds(ms));

    [Fact]
    public async Task AFullBurstIsAdmittedAtOnceAndTheNextRequestWaitsExactlyOneInterval()
    {
        var tenant = new RateLimitRequest("t", 3, "k", 0);
        for (var i = 0; i < 3; i++)
        {
            var admitted = await At(0, tenant);
            // Remaining grows by one every 60 s / 3.
            Assert.Equal((true, RateLimitScope.Tenant, 3, 2 - i, 20_000.0), (admitted.Allowed, admitted.Scope, admitted.Limit, admitted.Remaining, admitted.Reset.TotalMilliseconds));
        }
        var refused = await At(0, tenant);
        Assert.Equal((false, RateLimitScope.Tenant, 3, 0, 20_000.0), (refused.Allowed, refused.Scope, refused.Limit, refused.Remaining, refused.Reset.TotalMilliseconds));
        Assert.Equal(20, refused.ResetSeconds);

        var oneMsEarly = await At(19_999, tenant);
        Assert.Equal((false, 1.0, 1), (oneMsEarly.Allowed, oneMsEarly.Reset.TotalMilliseconds, oneMsEarly.ResetSeconds));
        var onTheEdge = await At(20_000, tenant);
        Assert.Equal((true, 0, 20_000.0), (onTheEdge.Allowed, onTheEdge.Remaining, onTheEdge.Reset.TotalMilliseconds));
        Assert.False((await At(20_000, tenant)).Allowed);
    }

    [Fact]
    public async Task AQuietWindowGivesTheWholeBurstBackAndNoMore()
    {
        var key = new RateLimitRequest("t", 0, "k", 2);
        Assert.True((await At(0, key)).Allowed);
        Assert.True((await At(0, key)).Allowed);
        // Long after the budget has drained it holds two again, never more.
        Assert.Equal(1, (await At(600_000, key)).Remaining);
        Assert.Equal(0, (await At(600_000, key)).Remaining);
        Assert.Equal((false, RateLimitScope.Key), Decision(await At(600_000, key)));
    }

    [Fact]
    public async Task RefusalByOneLimitChargesNothingToTheOther()
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await At(0, new("t", 3, "a", 2))).Allowed);
        }
        var refused = await At(0, new("t", 3, "a", 2));
        Assert.Equal((false, RateLimitScope.Key, 2, 0), (refused.Allowed, refused.Scope, refused.Limit, refused.Remaining));
        // The key's refusal left the tenant at 2 of 3, so another key still gets exactly one.
        var b = await At(0, new("t", 3, "b", 2));
        Assert.Equal((true, RateLimitScope.Tenant, 3, 0), (b.Allowed, b.Scope, b.Limit, b.Remaining));
        var tenantRefused = await At(0, new("t", 3, "b", 2));
        Assert.Equal((false, RateLimitScope.Tenant), Decision(tenantRefused));
        // And the tenant's refusal left key b at 1 of 2: with the tenant limit raised it has one more.
        var raised = await At(0, new("t", 10, "b", 2));
        Assert.Equal((true, RateLimitScope.Key, 0), (raised.Allowed, raised.Scope, raised.Remaining));
    }

    [Fact]
    public async Task TheTighterBudgetIsTheOneReported()
    {
        var first = await At(0, new("t", 10, "k", 4));
        Assert.Equal((RateLimitScope.Key, 4, 3, 15_000.0), (first.Scope, first.Limit, first.Remaining, first.Reset.TotalMilliseconds));
        // Key k2 is fresh (3 left) and the tenant has 8 left: the key's budget is still the tighter.
        var other = await At(0, new("t", 10, "k2", 4));
        Assert.Equal((RateLimitScope.Key, 3), (other.Scope, other.Remaining));
        var tenantTighter = await At(0, new("t", 3, "k3", 4));
        Assert.Equal((true, RateLimitScope.Tenant, 3, 0, 20_000.0), (tenantTighter.Allowed, tenantTighter.Scope, tenantTighter.Limit, tenantTighter.Remaining, tenantTighter.Reset.TotalMilliseconds));
    }

    [Fact]
    public async Task LoweringALimitRefusesForAtMostOneWindow()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.True((await At(0, new("t", 100, "k", 0))).Allowed);
        }
        var lowered = new RateLimitRequest("t", 1, "k", 0);
        var refused = await At(0, lowered);
        Assert.Equal((false, 60_000.0), (refused.Allowed, refused.Reset.TotalMilliseconds));
        Assert.False((await At(59_999, lowered)).Allowed);
        Assert.True((await At(60_000, lowered)).Allowed);
    }

    [Fact]
    public async Task TheHighestTenantLimitCountsEveryRequestExactly()
    {
        // 1,000,000 per minute is 50 per 3 ms: a burst of them all lands on the same millisecond.
        var big = new RateLimitRequest("t", 1_000_000, "k", 0);
        var last = await At(0, big);
        Assert.Equal(999_999, last.Remaining);
        for (var i = 0; i < 49; i++)
        {
            last = await At(0, big);
        }
        Assert.Equal((999_950, 1.0), (last.Remaining, last.Reset.TotalMilliseconds));
        Assert.Equal(999_999, (await At(3, big)).Remaining);
    }

    private static (bool, RateLimitScope) Decision(RateLimitDecision d) => (d.Allowed, d.Scope);
}
