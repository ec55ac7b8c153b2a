namespace HermesX.Frontend.Gate;

/// <summary>
/// The generic cell rate algorithm in whole numbers, shared by the Redis script and the local limiter.
/// A budget of L requests per window W holds L·W; each request adds W and the budget drains by L every
/// millisecond. So a quiet caller may send L at once, and after that one more every W / L (a full burst
/// is back after W). The state is two numbers (used, measured at) whatever L is: O(1) time and memory,
/// where a log of every request's stamp grows with the limit. Counting in ms·requests keeps W / L
/// exact without fractions: a request admitted at an edge is admitted on every silo and in Redis alike.
/// </summary>
public static class Gcra
{
    public static readonly long WindowMs = (long)RateLimitWindow.Length.TotalMilliseconds;

    /// <summary>What is still used at <paramref name="now"/> of a budget that held <paramref name="used"/> at <paramref name="at"/>.</summary>
    public static long UsedAt(long used, long at, long now, int limit)
    {
        // Capped at the capacity, so lowering a limit refuses for at most one window.
        var elapsed = Math.Clamp(now - at, 0, WindowMs);
        return Math.Max(Math.Min(used, limit * WindowMs) - elapsed * limit, 0);
    }

    /// <summary>Milliseconds until one more request fits; 0 or less when it fits now.</summary>
    public static long WaitMs(long used, int limit)
    {
        var over = used + WindowMs - limit * WindowMs;
        return over <= 0 ? over : CeilDiv(over, limit);
    }

    /// <summary>Requests that still fit at once after a budget holds <paramref name="used"/>.</summary>
    public static int Remaining(long used, int limit) => (int)((limit * WindowMs - used) / WindowMs);

    /// <summary>Milliseconds until <see cref="Remaining"/> grows by one.</summary>
    public static long ResetMs(long used, int limit) =>
        CeilDiv(used - (limit - Remaining(used, limit) - 1) * WindowMs, limit);

    /// <summary>Milliseconds until the budget is empty again (when its state may be forgotten).</summary>
    public static long IdleMs(long used, int limit) => CeilDiv(used, limit);

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
