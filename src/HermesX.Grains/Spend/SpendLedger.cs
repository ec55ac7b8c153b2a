using HermesX.Grains.Abstractions.Spend;

namespace HermesX.Grains.Spend;

/// <summary>One budget that applies to a call: its name, the counter it is kept in, its limit and its period.</summary>
public sealed record SpendBudget(string Name, string Counter, decimal LimitUsd, DateTimeOffset PeriodStart, DateTimeOffset ResetsAt);

/// <summary>A budget whose spend went past one of <see cref="SpendLedger.Thresholds"/> for the first time in its period.</summary>
public sealed record SpendCrossing(SpendBudget Budget, int ThresholdPercent, decimal SpentUsd);

/// <summary>
/// The USD counters of one tenant, owned by its <see cref="TenantSpendGrain"/>: per counter, what was spent in
/// its period and what open reservations hold. A call is reserved only when its worst case fits beside
/// the spend and the reservations under every budget that applies, so concurrent calls never overrun a
/// budget by more than a call's real cost can exceed its worst case (which it cannot).
/// </summary>
public sealed class SpendLedger
{
    /// <summary>The shares of a budget (percent) whose first crossing in a period is audited and counted.</summary>
    public static readonly int[] Thresholds = [50, 80, 100];

    private sealed class Counter(DateTimeOffset period, DateTimeOffset ends, decimal spent)
    {
        public DateTimeOffset Period { get; } = period;
        public DateTimeOffset Ends { get; } = ends;
        public decimal Spent { get; set; } = spent;
        public decimal Reserved { get; set; }
        public int Open { get; set; }
        public HashSet<int> Crossed { get; } = [];
    }

    private sealed record Hold(IReadOnlyList<SpendBudget> Budgets, decimal Usd);

    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Hold> _holds = [];
    private long _next;

    // The earliest end of a kept counter's period: past it, counters of ended periods (an end user seen once) are dropped.
    private DateTimeOffset _firstEnd = DateTimeOffset.MaxValue;

    /// <summary>Whether the budget's counter is known for its current period (else it must be <see cref="Load"/>ed first).</summary>
    public bool Knows(SpendBudget budget) => _counters.TryGetValue(budget.Counter, out var c) && c.Period == budget.PeriodStart;

    /// <summary>Starts a counter at what the usage rows say was spent in its period; thresholds already passed are not crossed again.</summary>
    public void Load(SpendBudget budget, decimal spent)
    {
        if (budget.PeriodStart >= _firstEnd)
        {
            // A reservation of an ended period finds no counter when it settles, which it handles as a restarted one.
            foreach (var key in _counters.Where(kv => kv.Value.Ends <= budget.PeriodStart).Select(kv => kv.Key).ToList())
            {
                _counters.Remove(key);
            }
            _firstEnd = _counters.Count == 0 ? DateTimeOffset.MaxValue : _counters.Values.Min(c => c.Ends);
        }
        // Called only for a counter it does not know (none, or of an earlier period): nothing of it carries over.
        var counter = new Counter(budget.PeriodStart, budget.ResetsAt, spent);
        counter.Crossed.UnionWith(Thresholds.Where(t => Reached(spent, budget.LimitUsd, t)));
        _counters[budget.Counter] = counter;
        _firstEnd = budget.ResetsAt < _firstEnd ? budget.ResetsAt : _firstEnd;
    }

    /// <summary>Reserves <paramref name="usd"/> under every budget, or names the first it would overrun (nothing reserved).</summary>
    public (long Reservation, SpendBudget? Refused) Reserve(IReadOnlyList<SpendBudget> budgets, decimal usd)
    {
        foreach (var b in budgets)
        {
            var c = _counters[b.Counter];
            if (c.Spent + c.Reserved + usd > b.LimitUsd)
            {
                return (0, b);
            }
        }
        foreach (var b in budgets)
        {
            var c = _counters[b.Counter];
            c.Reserved += usd;
            c.Open++;
        }
        _holds[++_next] = new Hold(budgets, usd);
        return (_next, null);
    }

    /// <summary>Hands a reservation back and adds the call's real cost; the thresholds it made a budget cross.</summary>
    public List<SpendCrossing> Settle(long reservation, decimal cost)
    {
        var crossed = new List<SpendCrossing>();
        if (!_holds.Remove(reservation, out var hold))
        {
            // Made before this activation: its spend reaches the counters through the usage rows.
            return crossed;
        }
        foreach (var b in hold.Budgets)
        {
            // A counter restarted since (a new period, a changed budget) no longer holds this reservation.
            if (!_counters.TryGetValue(b.Counter, out var c) || c.Period != b.PeriodStart)
            {
                continue;
            }
            c.Reserved = Math.Max(0, c.Reserved - hold.Usd);
            c.Open = Math.Max(0, c.Open - 1);
            c.Spent += cost;
            crossed.AddRange(Thresholds.Where(t => Reached(c.Spent, b.LimitUsd, t) && c.Crossed.Add(t)).Select(t => new SpendCrossing(b, t, c.Spent)));
        }
        return crossed;
    }

    /// <summary>Forgets the named counters no open reservation holds: they are loaded again from the usage rows when next needed.</summary>
    public void ForgetIdle(Func<string, bool> counter)
    {
        foreach (var key in _counters.Where(kv => kv.Value.Open == 0 && counter(kv.Key)).Select(kv => kv.Key).ToList())
        {
            _counters.Remove(key);
        }
    }

    private static bool Reached(decimal spent, decimal limit, int percent) => limit > 0 && spent * 100 >= limit * percent;
}
