using System.Collections.Concurrent;
using StackExchange.Redis;

namespace HermesX.Frontend.Gate;

/// <summary>
/// High limits spent from leases: a caller whose budget admits more than one request per
/// <see cref="Lifetime"/> (over 600 a minute) is charged in Redis for up to <see cref="MaxLease"/>
/// requests at once, and this silo admits them from memory until they are spent or the lease is
/// <see cref="Lifetime"/> old, when what is left of it is forfeited. A budget is never overdrawn
/// (every request admitted was charged in Redis first, across all silos), a busy caller costs one
/// Redis call per lease instead of one per request, and a lease is never larger than what the budget
/// refills in its lifetime, so forfeiting one never costs a caller below its limit more than its pace.
/// Lower limits go to Redis on every request, exact to the millisecond.
/// </summary>
public sealed class RateLimitLeases(RedisGcraLimiter distributed, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMilliseconds(100);

    public const int MaxLease = 64;

    private const int MaxLeases = 10_000;

    private sealed class Lease
    {
        public int Left;
        public long Expires;
        public RateLimitDecision? Last;
        public Task<RateLimitDecision>? Pending;
    }

    // One per caller and pair of limits: a changed limit starts from a lease of its own.
    private readonly ConcurrentDictionary<RateLimitRequest, Lease> _leases = new();

    /// <summary>How many requests one lease of <paramref name="request"/>'s budgets holds; 1 means no leasing.</summary>
    public static int SizeFor(RateLimitRequest request)
    {
        var tightest = request is { TenantLimit: > 0, KeyLimit: > 0 }
            ? Math.Min(request.TenantLimit, request.KeyLimit)
            : Math.Max(request.TenantLimit, request.KeyLimit);
        var perLifetime = tightest * Lifetime.Ticks / RateLimitWindow.Length.Ticks;
        return (int)Math.Clamp(perLifetime, 1, MaxLease);
    }

    /// <summary>One request admitted or refused: from a lease when the budgets allow one, else by Redis alone.</summary>
    public async Task<RateLimitDecision> AcquireAsync(IDatabase db, RateLimitRequest request)
    {
        var size = SizeFor(request);
        if (size == 1)
        {
            return await distributed.AcquireAsync(db, request);
        }
        var lease = LeaseOf(request);
        while (true)
        {
            Task<RateLimitDecision> pending;
            lock (lease)
            {
                if (lease.Left > 0 && time.GetTimestamp() < lease.Expires)
                {
                    lease.Left--;
                    // What the budget holds as this request sees it: Redis' count after the lease, plus what the lease has left.
                    return lease.Last! with { Remaining = lease.Last.Remaining + lease.Left };
                }
                pending = lease.Pending ??= TakeAsync(db, request, size, lease);
            }
            RateLimitDecision taken;
            try
            {
                taken = await pending;
            }
            finally
            {
                lock (lease)
                {
                    if (lease.Pending == pending)
                    {
                        lease.Pending = null;
                    }
                }
            }
            if (!taken.Allowed)
            {
                return taken;
            }
        }
    }

    private Lease LeaseOf(RateLimitRequest request)
    {
        if (_leases.TryGetValue(request, out var lease))
        {
            return lease;
        }
        if (_leases.Count >= MaxLeases)
        {
            _leases.Clear();
        }
        return _leases.GetOrAdd(request, _ => new Lease());
    }

    private async Task<RateLimitDecision> TakeAsync(IDatabase db, RateLimitRequest request, int size, Lease lease)
    {
        var (decision, admitted) = await distributed.AcquireManyAsync(db, request, size);
        if (decision.Allowed)
        {
            lock (lease)
            {
                lease.Left = admitted;
                lease.Expires = time.GetTimestamp() + (long)(Lifetime.TotalSeconds * time.TimestampFrequency);
                lease.Last = decision;
            }
        }
        return decision;
    }
}
