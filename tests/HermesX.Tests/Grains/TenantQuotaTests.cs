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
        Assert.True(quota.Admit(Tenant(), "u", false, false).Allowed);
        quota.Release("u", false, 150);

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
        Assert.True(quota.Admit(Tenant(), "u", newSession: true, stream: true).Allowed);
        Assert.Equal(Quotas.MaxSessions, quota.Admit(Tenant(), "v", newSession: true, stream: false).Quota);
        Assert.Equal(Quotas.StreamsPerUser, quota.Admit(Tenant(), "u", newSession: false, stream: true).Quota);
        Assert.True(quota.Admit(Tenant(), "v", newSession: false, stream: true).Allowed);
        Assert.Equal(2, quota.ActiveSessions);

        quota.Release("u", stream: true, tokens: 0);
        Assert.True(quota.Admit(Tenant(), "u", newSession: false, stream: true).Allowed);
        quota.SessionDeleted();
        Assert.True(quota.Admit(Tenant(), "w", newSession: true, stream: false).Allowed);
    }

    [Fact]
    public void ZeroBudgetMeansUnlimited()
    {
        var quota = new TenantQuota(TimeProvider.System);
        quota.Seed(long.MaxValue / 2, long.MaxValue / 2, 0);
        Assert.True(quota.Admit(Tenant(daily: 0, monthly: 0), "u", false, false).Allowed);
    }
}
