using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Tenants;
using Microsoft.Extensions.Time.Testing;

namespace HermesX.Tests.Grains;

public sealed class TenantQuotaTests
{
    private static TenantRecord Tenant(long daily = 100, long monthly = 1000, int maxSessions = 2, int streams = 1) =>
        new("t", "t", TenantPlans.Pro, 60, maxSessions, "{}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, daily, monthly, streams);

    [Fact]
    public void DailyBudgetRefusesUntilMidnightUtcThenResets()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));
        var quota = new TenantQuota(time);
        quota.Seed(0, 0, 0);
        var first = quota.Admit(Tenant(), "u", false, false);
        Assert.True(first.Allowed);
        quota.Release("u", false, 150, first.Reservation);

        var refused = quota.Admit(Tenant(), "u", false, false);
        Assert.False(refused.Allowed);
        Assert.Equal(Quotas.DailyTokens, refused.Quota);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), refused.ResetsAt);

        time.Advance(TimeSpan.FromHours(1));
        Assert.True(quota.Admit(Tenant(), "u", false, false).Allowed);
        Assert.Equal(0, quota.DayTokens);
        Assert.Equal(150, quota.MonthTokens);
    }

    [Fact]
    public void MonthlyBudgetResetsOnTheFirstOfTheMonth()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
        var quota = new TenantQuota(time);
        quota.Seed(0, 1000, 0);
        var refused = quota.Admit(Tenant(daily: 0), "u", false, false);
        Assert.Equal(Quotas.MonthlyTokens, refused.Quota);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), refused.ResetsAt);
        time.Advance(TimeSpan.FromDays(1));
        Assert.True(quota.Admit(Tenant(daily: 0), "u", false, false).Allowed);
    }

    [Fact]
    public void SessionsAndStreamsAreCountedOnlyWhenAdmittedAndFreedOnRelease()
    {
        var quota = new TenantQuota(TimeProvider.System);
        quota.Seed(0, 0, 1);
        Assert.True(quota.Admit(Tenant(daily: 0, monthly: 0), "u", newSession: true, stream: true).Allowed);
        Assert.Equal(Quotas.MaxSessions, quota.Admit(Tenant(daily: 0, monthly: 0), "v", newSession: true, stream: false).Quota);
        Assert.Equal(Quotas.StreamsPerUser, quota.Admit(Tenant(daily: 0, monthly: 0), "u", newSession: false, stream: true).Quota);
        Assert.True(quota.Admit(Tenant(daily: 0, monthly: 0), "v", newSession: false, stream: true).Allowed);
        Assert.Equal(2, quota.ActiveSessions);

        quota.Release("u", stream: true, tokens: 0, reservation: 0);
        Assert.True(quota.Admit(Tenant(daily: 0, monthly: 0), "u", newSession: false, stream: true).Allowed);
        quota.SessionDeleted();
        Assert.True(quota.Admit(Tenant(daily: 0, monthly: 0), "w", newSession: true, stream: false).Allowed);
    }

    [Fact]
    public void ZeroBudgetMeansUnlimited()
    {
        var quota = new TenantQuota(TimeProvider.System);
        quota.Seed(long.MaxValue / 2, long.MaxValue / 2, 0);
        Assert.True(quota.Admit(Tenant(daily: 0, monthly: 0), "u", false, false).Allowed);
    }

    [Fact]
    public void ConcurrentTurnsAreAdmittedExactlyAsFarAsTheBudgetGoes()
    {
        var quota = new TenantQuota(TimeProvider.System);
        quota.Seed(0, 0, 0);
        var tenant = Tenant(daily: 1000, monthly: 0);

        // Nothing is known of a turn's cost yet and the budget is below the initial estimate: the first holds it all and runs alone.
        var first = quota.Admit(tenant, "u", false, false);
        Assert.Equal(1000, first.Reservation);
        var early = quota.Admit(tenant, "u", false, false);
        Assert.True(early.Wait);
        Assert.False(early.Allowed);
        Assert.Equal(Quotas.DailyTokens, early.Quota);
        quota.Release("u", false, 100, first.Reservation);
        Assert.Equal(100, quota.Estimate);

        // Now nine more fit beside each other, and a tenth waits for them.
        var running = Enumerable.Range(0, 9).Select(_ => quota.Admit(tenant, "u", false, false)).ToList();
        Assert.All(running, d => Assert.Equal(100, d.Reservation));
        Assert.Equal(900, quota.Reserved);
        Assert.True(quota.Admit(tenant, "u", false, false).Wait);
        foreach (var d in running)
        {
            quota.Release("u", false, 100, d.Reservation);
        }
        Assert.Equal(0, quota.Reserved);
        Assert.Equal(0, quota.Running);
        Assert.Equal(1000, quota.DayTokens);
        var spent = quota.Admit(tenant, "u", false, false);
        Assert.False(spent.Wait);
        Assert.Equal(Quotas.DailyTokens, spent.Quota);
    }

    [Fact]
    public void WhenNothingRunsATurnMayTakeWhatIsLeftAndTheEstimateFollowsRecentTurns()
    {
        var quota = new TenantQuota(TimeProvider.System);
        quota.Seed(0, 0, 0);
        var tenant = Tenant(daily: 0, monthly: 1000);
        quota.Release("u", false, 400, quota.Admit(tenant, "u", false, false).Reservation);

        var a = quota.Admit(tenant, "u", false, false);
        Assert.Equal(400, a.Reservation);
        var b = quota.Admit(tenant, "u", false, false);
        Assert.True(b.Wait);
        Assert.Equal(Quotas.MonthlyTokens, b.Quota);
        quota.Release("u", false, 100, a.Reservation);
        Assert.Equal(300, quota.Estimate);

        // 500 left, estimate 300: admitted; then 200 left and nothing else runs once it is done.
        var c = quota.Admit(tenant, "u", false, false);
        Assert.Equal(300, c.Reservation);
        quota.Release("u", false, 300, c.Reservation);
        var last = quota.Admit(tenant, "u", false, false);
        Assert.True(last.Allowed);
        Assert.Equal(200, last.Reservation);
    }

    [Fact]
    public void WithoutBudgetsNothingIsReservedAndSessionsOutsideTurnsReserveNothing()
    {
        var quota = new TenantQuota(TimeProvider.System);
        quota.Seed(0, 0, 0);
        var unlimited = Tenant(daily: 0, monthly: 0);
        Assert.Equal(0, quota.Admit(unlimited, "u", false, false).Reservation);
        Assert.Equal(0, quota.Running);

        // A budget far from its end: turns run side by side from the start.
        var large = Tenant(daily: 1_000_000, monthly: 0);
        Assert.Equal(TenantQuota.InitialEstimate, quota.Admit(large, "u", false, false).Reservation);
        Assert.Equal(TenantQuota.InitialEstimate, quota.Admit(large, "u", false, false).Reservation);
        Assert.Equal(2, quota.Running);

        var tenant = Tenant(daily: 100, monthly: 0, maxSessions: 1);
        var reserved = quota.Reserved;
        Assert.True(quota.AdmitSession(tenant).Allowed);
        Assert.Equal(reserved, quota.Reserved);
        Assert.Equal(Quotas.MaxSessions, quota.AdmitSession(tenant).Quota);
    }
}
