namespace HermesX.Frontend.RateLimiting;

/// <summary>
/// The in-process limiter used while Redis is unset or unreachable: the same two sliding logs and the
/// same rules as the Redis script, but counted per silo (so a cluster of N silos admits up to N times
/// the budget until Redis is back).
/// </summary>
public sealed class LocalSlidingWindow(TimeProvider time)
{
    private readonly Dictionary<string, Queue<long>> _logs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _nextSweep;

    /// <summary>Number of budgets currently tracked (idle ones are dropped once their window has passed).</summary>
    public int TrackedBudgets
    {
        get
        {
            lock (_gate)
            {
                return _logs.Count;
            }
        }
    }

    public RateLimitDecision Acquire(RateLimitRequest request)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = (long)RateLimitWindow.Length.TotalMilliseconds;
        var names = new[] { "t:" + request.TenantId, "k:" + request.TenantId + ":" + request.KeyId };
        var limits = new[] { request.TenantLimit, request.KeyLimit };
        lock (_gate)
        {
            Sweep(now, window);
            var logs = new Queue<long>?[2];
            for (var i = 0; i < 2; i++)
            {
                if (limits[i] <= 0)
                {
                    continue;
                }
                logs[i] = Log(names[i], now, window);
                if (logs[i]!.Count >= limits[i])
                {
                    return new RateLimitDecision(false, Scope(i), limits[i], 0, Reset(logs[i]!, now, window));
                }
            }
            var best = -1;
            var bestRemaining = 0;
            for (var i = 0; i < 2; i++)
            {
                if (logs[i] is not { } log)
                {
                    continue;
                }
                log.Enqueue(now);
                var remaining = limits[i] - log.Count;
                if (best < 0 || remaining < bestRemaining)
                {
                    (best, bestRemaining) = (i, remaining);
                }
            }
            return best < 0
                ? RateLimitDecision.Unlimited
                : new RateLimitDecision(true, Scope(best), limits[best], bestRemaining, Reset(logs[best]!, now, window));
        }
    }

    private static RateLimitScope Scope(int index) => index == 0 ? RateLimitScope.Tenant : RateLimitScope.Key;

    private static TimeSpan Reset(Queue<long> log, long now, long window) =>
        TimeSpan.FromMilliseconds(log.Count == 0 ? 0 : Math.Max(0, log.Peek() + window - now));

    private Queue<long> Log(string name, long now, long window)
    {
        if (!_logs.TryGetValue(name, out var log))
        {
            _logs[name] = log = new Queue<long>();
        }
        // Same boundary as the script: a stamp exactly one window old no longer counts.
        while (log.Count > 0 && log.Peek() <= now - window)
        {
            log.Dequeue();
        }
        return log;
    }

    private void Sweep(long now, long window)
    {
        if (now < _nextSweep)
        {
            return;
        }
        _nextSweep = now + window;
        foreach (var (name, log) in _logs.ToList())
        {
            if (log.Count == 0 || log.Last() <= now - window)
            {
                _logs.Remove(name);
            }
        }
    }
}
