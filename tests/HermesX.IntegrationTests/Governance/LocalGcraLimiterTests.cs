using HermesX.Frontend.Gate;

namespace HermesX.IntegrationTests.Governance;

/// <summary>The in-process fallback on a clock the test sets.</summary>
public sealed class LocalGcraLimiterTests : GcraLimiterContract
{
    private readonly ManualClock _clock = new();
    private readonly LocalGcraLimiter _limiter;

    public LocalGcraLimiterTests() => _limiter = new LocalGcraLimiter(_clock);

    protected override Task<RateLimitDecision> AcquireAsync(RateLimitRequest request, DateTimeOffset now)
    {
        _clock.Now = now;
        return Task.FromResult(_limiter.Acquire(request));
    }

    [Fact]
    public void DrainedBudgetsAreForgotten()
    {
        _clock.Now = Start;
        _limiter.Acquire(new("t1", 5, "k", 5));
        _limiter.Acquire(new("t2", 5, "k", 5));
        Assert.Equal(4, _limiter.TrackedBudgets);
        // One request of a 5-per-minute budget drains in 12 s; the sweep runs once a window.
        _clock.Now = Start.AddMinutes(2);
        _limiter.Acquire(new("t3", 5, "k", 0));
        Assert.Equal(1, _limiter.TrackedBudgets);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = Start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
