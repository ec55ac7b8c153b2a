namespace HermesX.Frontend.Gate;

/// <summary>
/// The in-process limiter used while Redis is unset or unreachable: the same two <see cref="Gcra"/>
/// budgets and the same rules as the Redis script, but counted per silo (so a cluster of N silos
/// admits up to N times the budget until Redis is back).
/// </summary>
public sealed class LocalGcraLimiter(TimeProvider time)
{
    private readonly Dictionary<string, Budget> _budgets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _nextSweep;

    /// <summary>Number of budgets currently tracked (each is forgotten once it has drained).</summary>
    public int TrackedBudgets
    {
        get
        {
            lock (_gate)
            {
                return _budgets.Count;
            }
        }
    }

    public RateLimitDecision Acquire(RateLimitRequest request)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Span<int> limits = [request.TenantLimit, request.KeyLimit];
        Span<long> used = [0, 0];
        var names = new[] { "t:" + request.TenantId, "k:" + request.TenantId + ":" + request.KeyId };
        lock (_gate)
        {
            Sweep(now);
            for (var i = 0; i < 2; i++)
            {
                if (limits[i] <= 0)
                {
                    continue;
                }
                if (_budgets.TryGetValue(names[i], out var budget))
                {
                    used[i] = Gcra.UsedAt(budget.Used, budget.At, now, limits[i]);
                }
                if (Gcra.WaitMs(used[i], limits[i]) is var wait and > 0)
                {
                    return new RateLimitDecision(false, Scope(i), limits[i], 0, TimeSpan.FromMilliseconds(wait));
                }
            }
            RateLimitDecision? tightest = null;
            for (var i = 0; i < 2; i++)
            {
                if (limits[i] <= 0)
                {
                    continue;
                }
                var charged = used[i] + Gcra.WindowMs;
                _budgets[names[i]] = new Budget(charged, now, now + Gcra.IdleMs(charged, limits[i]));
                var remaining = Gcra.Remaining(charged, limits[i]);
                if (tightest is null || remaining < tightest.Remaining)
                {
                    tightest = new RateLimitDecision(true, Scope(i), limits[i], remaining,
                        TimeSpan.FromMilliseconds(Gcra.ResetMs(charged, limits[i])));
                }
            }
            return tightest ?? RateLimitDecision.Unlimited;
        }
    }

    private static RateLimitScope Scope(int index) => index == 0 ? RateLimitScope.Tenant : RateLimitScope.Key;

    private void Sweep(long now)
    {
        if (now < _nextSweep)
        {
            return;
        }
        _nextSweep = now + Gcra.WindowMs;
        foreach (var (name, budget) in _budgets)
        {
            if (budget.IdleAt <= now)
            {
                _budgets.Remove(name);
            }
        }
    }

    /// <param name="Used">ms·requests held at <paramref name="At"/>.</param>
    /// <param name="At">when it was measured, Unix ms.</param>
    /// <param name="IdleAt">when it has drained to nothing, Unix ms.</param>
    private readonly record struct Budget(long Used, long At, long IdleAt);
}
