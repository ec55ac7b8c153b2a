namespace HermesX.Grains.Abstractions.Caching;

/// <summary>
/// A grain call that failed because the silo holding the grain died or is leaving (a scale-down, a
/// rolling update). Calls that are safe to repeat are sent again: membership moves the grain to a
/// live silo within the backoff.
/// </summary>
public static class SiloGone
{
    /// <summary>Calls in all; a silo leaving or dying costs one, and membership settles well within the rest.</summary>
    public const int Attempts = 4;

    public static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(250);

    /// <summary>The grain's silo died or left; an enumeration it served is gone with it too.</summary>
    public static bool Is(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException or EnumerationAbortedException;

    /// <summary>Runs a call that may be repeated, again while it fails because its grain's silo is gone.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < Attempts && Is(e) && !ct.IsCancellationRequested)
            {
                await Task.Delay(Backoff * attempt, ct);
            }
        }
    }
}
