using HermesX.Frontend.RateLimiting;

namespace HermesX.IntegrationTests.Governance;

/// <summary>The in-process fallback follows the same rules as the Redis script, on a clock the test moves.</summary>
public sealed class LocalSlidingWindowTests
{
    private readonly ManualClock _clock = new();
    private readonly LocalSlidingWindow _limiter;

    public LocalSlidingWindowTests() => _limiter = new LocalSlidingWindow(_clock);

    [Fact]
    public void RefusalByOneLimitChargesNothingToTheOther()
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.True(_limiter.Acquire(new("t", 3, "a", 2)).Allowed);
        }
        var refused = _limiter.Acquire(new("t", 3, "a", 2));
        Assert.Equal((false, RateLimitScope.Key, 2, 0), (refused.Allowed, refused.Scope, refused.Limit, refused.Remaining));
        // The key's refusal left the tenant at 2 of 3, so another key still gets exactly one.
        var b = _limiter.Acquire(new("t", 3, "b", 2));
        Assert.Equal((true, RateLimitScope.Tenant, 3, 0), (b.Allowed, b.Scope, b.Limit, b.Remaining));
        var tenantRefused = _limiter.Acquire(new("t", 3, "b", 2));
        Assert.Equal((false, RateLimitScope.Tenant), (tenantRefused.Allowed, tenantRefused.Scope));
        // And the tenant's refusal left key b at 1 of 2: with the tenant limit raised it has one more.
        var raised = _limiter.Acquire(new("t", 10, "b", 2));
        Assert.Equal((true, RateLimitScope.Key, 0), (raised.Allowed, raised.Scope, raised.Remaining));
    }

    [Fact]
    public void TheWindowSlidesOneRequestAtATime()
    {
        Assert.True(_limiter.Acquire(new("t", 2, "k", 0)).Allowed);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(_limiter.Acquire(new("t", 2, "k", 0)).Allowed);
        var refused = _limiter.Acquire(new("t", 2, "k", 0));
        Assert.False(refused.Allowed);
        Assert.Equal(40, refused.ResetSeconds);

        _clock.Advance(TimeSpan.FromSeconds(40));
        var first = _limiter.Acquire(new("t", 2, "k", 0));
        Assert.Equal((true, 0), (first.Allowed, first.Remaining));
        Assert.False(_limiter.Acquire(new("t", 2, "k", 0)).Allowed);
    }

    [Fact]
    public void IdleBudgetsAreForgotten()
    {
        _limiter.Acquire(new("t1", 5, "k", 5));
        _limiter.Acquire(new("t2", 5, "k", 5));
        Assert.Equal(4, _limiter.TrackedBudgets);
        _clock.Advance(TimeSpan.FromMinutes(2));
        _limiter.Acquire(new("t3", 5, "k", 0));
        Assert.Equal(1, _limiter.TrackedBudgets);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
