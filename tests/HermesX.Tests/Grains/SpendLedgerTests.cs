using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Spend;

namespace HermesX.Tests.Grains;

public sealed class SpendLedgerTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private static SpendBudget Budget(decimal limit, string name = SpendBudgets.TenantDaily, string counter = "tenant:day") =>
        new(name, counter, limit, Day, Day.AddDays(1));

    [Fact]
    public void OpenReservationsCountUntilSettledWithTheRealCost()
    {
        var ledger = new SpendLedger();
        var budget = Budget(3);
        ledger.Load(budget, 0);

        var (first, _) = ledger.Reserve([budget], 1.5m);
        var (second, _) = ledger.Reserve([budget], 1.5m);
        Assert.Same(budget, ledger.Reserve([budget], 0.01m).Refused);

        ledger.Settle(first, 0.5m);
        Assert.Null(ledger.Reserve([budget], 1m).Refused);
        ledger.Settle(second, 1.5m);
        Assert.Same(budget, ledger.Reserve([budget], 0.01m).Refused);
    }

    [Fact]
    public void ARefusalReservesNothingUnderTheOtherBudgets()
    {
        var ledger = new SpendLedger();
        var tenant = Budget(10);
        var key = Budget(1, SpendBudgets.KeyDaily, "key:day:k");
        ledger.Load(tenant, 0);
        ledger.Load(key, 0);

        Assert.Same(key, ledger.Reserve([tenant, key], 2m).Refused);
        Assert.Null(ledger.Reserve([tenant], 10m).Refused);
    }

    [Fact]
    public void EachThresholdIsCrossedOncePerPeriodAndNotAgainAfterAReload()
    {
        var ledger = new SpendLedger();
        var budget = Budget(10);
        ledger.Load(budget, 0);

        Assert.Empty(ledger.Settle(ledger.Reserve([budget], 1m).Reservation, 4m));
        Assert.Equal([50, 80], ledger.Settle(ledger.Reserve([budget], 1m).Reservation, 4m).Select(c => c.ThresholdPercent));
        Assert.Empty(ledger.Settle(ledger.Reserve([budget], 1m).Reservation, 1m));

        ledger.ForgetIdle(_ => true);
        Assert.False(ledger.Knows(budget));
        ledger.Load(budget, 9m);
        Assert.Equal([100], ledger.Settle(ledger.Reserve([budget], 1m).Reservation, 1m).Select(c => c.ThresholdPercent));
    }

    [Fact]
    public void ForgettingKeepsTheCountersOpenReservationsHold()
    {
        var ledger = new SpendLedger();
        var budget = Budget(2);
        ledger.Load(budget, 0);
        var (open, _) = ledger.Reserve([budget], 2m);

        ledger.ForgetIdle(_ => true);
        Assert.True(ledger.Knows(budget));
        Assert.Same(budget, ledger.Reserve([budget], 0.5m).Refused);
        ledger.Settle(open, 1m);
        Assert.Null(ledger.Reserve([budget], 0.5m).Refused);
    }

    [Fact]
    public void ForgettingOneOwnersCountersKeepsEveryOtherCounter()
    {
        var ledger = new SpendLedger();
        var tenant = Budget(10);
        var key = Budget(5, SpendBudgets.KeyDaily, "key:day:k");
        ledger.Load(tenant, 4m);
        ledger.Load(key, 1m);

        ledger.ForgetIdle(c => c == "key:day:k");
        Assert.False(ledger.Knows(key));
        Assert.True(ledger.Knows(tenant));
        Assert.Same(tenant, ledger.Reserve([tenant], 6.5m).Refused);
    }

    [Fact]
    public void CountersOfEndedPeriodsAreDroppedWhenALaterPeriodLoads()
    {
        var ledger = new SpendLedger();
        var yesterday = new SpendBudget(SpendBudgets.UserDaily, "user:day:once", 1, Day.AddDays(-1), Day);
        ledger.Load(yesterday, 0);
        var (open, _) = ledger.Reserve([yesterday], 0.5m);
        var month = new SpendBudget(SpendBudgets.TenantMonthly, "tenant:month", 100, Day.AddDays(-9), Day.AddDays(21));
        ledger.Load(month, 0);
        Assert.True(ledger.Knows(yesterday));

        var today = Budget(1, SpendBudgets.UserDaily, "user:day:other");
        ledger.Load(today, 0);
        Assert.False(ledger.Knows(yesterday));
        Assert.True(ledger.Knows(month));
        Assert.Empty(ledger.Settle(open, 1m));
        Assert.Null(ledger.Reserve([today], 1m).Refused);
    }
}
