using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Tenants;

/// <summary>
/// In-memory quota counters of one tenant, owned by its <see cref="TenantQuotaGrain"/> (one activation in the cluster,
/// so checks and counts are atomic). Token counters are seeded from usage_records on activation,
/// so they survive the loss of the silo that held them; windows roll over lazily at UTC midnight
/// and on the first of the month.
/// <para>
/// Token budgets are reserved, not just checked: an admitted turn holds an estimate of its cost
/// (the recent turns' cost; before any turn is seen, <see cref="InitialEstimate"/>) until it is charged its real
/// cost. A turn is admitted only while its estimate fits beside the reservations of the turns
/// already running; otherwise it waits for one of them to finish, and once nothing runs it may
/// take what is left. So concurrent turns of equal cost never overshoot the budget; a turn that
/// costs more than its estimate still can, by the difference. A waiting turn is woken by
/// <see cref="Changed"/> when one of them is released, never by polling.
/// </para>
/// </summary>
public sealed class TenantQuota(TimeProvider time)
{
    private readonly Dictionary<string, int> _streams = new(StringComparer.Ordinal);
    private TaskCompletionSource? _changed;
    private DateTimeOffset _day;
    private DateTimeOffset _month;

    public long DayTokens { get; private set; }
    public long MonthTokens { get; private set; }
    public int ActiveSessions { get; private set; }

    /// <summary>What a turn is assumed to cost before any has been seen (after activation): a long agent turn.</summary>
    public const long InitialEstimate = 16_384;

    /// <summary>Tokens held by admitted turns that have not been charged yet.</summary>
    public long Reserved { get; private set; }

    /// <summary>Turns admitted with a reservation and not yet released.</summary>
    public int Running { get; private set; }

    /// <summary>What the next turn is expected to cost: a slowly decaying maximum of recent turns; null before the first.</summary>
    public long? Estimate { get; private set; }

    /// <summary>Completes at the next release or <see cref="Wake"/>: when a turn told to wait should ask again.</summary>
    public Task Changed => (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes the turns waiting on <see cref="Changed"/> (a release, or the tenant's budgets changed).</summary>
    public void Wake()
    {
        var changed = _changed;
        _changed = null;
        changed?.TrySetResult();
    }

    public static DateTimeOffset DayStart(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);

    public void Seed(long dayTokens, long monthTokens, int activeSessions)
    {
        var now = time.GetUtcNow();
        (_day, _month) = (DayStart(now), MonthStart(now));
        (DayTokens, MonthTokens, ActiveSessions) = (dayTokens, monthTokens, activeSessions);
    }

    /// <summary>The token counts of the windows, from the usage rows; what is reserved and running stays.</summary>
    public void SeedTokens(long dayTokens, long monthTokens)
    {
        var now = time.GetUtcNow();
        (_day, _month) = (DayStart(now), MonthStart(now));
        (DayTokens, MonthTokens) = (dayTokens, monthTokens);
    }

    public QuotaDecision Admit(TenantRecord tenant, string userId, bool newSession, bool stream)
    {
        Roll();
        if (SpentBudget(tenant) is { } spent)
        {
            return spent;
        }
        if (newSession && ActiveSessions >= tenant.MaxSessions)
        {
            return Refuse(Quotas.MaxSessions, $"The tenant has its maximum of {tenant.MaxSessions} sessions; delete one first", null);
        }
        if (stream && StreamsFull(tenant, userId) is { } full)
        {
            return full;
        }
        long reservation = 0;
        if (Left(tenant) is { } left)
        {
            var need = Estimate ?? Math.Min(left, InitialEstimate);
            if (left > 0 && need <= left)
            {
                reservation = need;
            }
            else if (Running > 0)
            {
                return new QuotaDecision(false, BudgetName(tenant), "The token budget left is held by turns still running", Wait: true);
            }
            else
            {
                // Nothing runs: the turn may take whatever is left (it is charged what it really costs).
                reservation = left;
            }
        }
        if (newSession)
        {
            ActiveSessions++;
        }
        if (stream)
        {
            _streams[userId] = _streams.GetValueOrDefault(userId) + 1;
        }
        if (reservation > 0)
        {
            Reserved += reservation;
            Running++;
        }
        return new QuotaDecision(true, Reservation: reservation);
    }

    /// <summary>A stream slot alone (its turn is admitted without one): only the user's concurrent streams apply.</summary>
    public QuotaDecision AdmitStream(TenantRecord tenant, string userId)
    {
        if (StreamsFull(tenant, userId) is { } full)
        {
            return full;
        }
        _streams[userId] = _streams.GetValueOrDefault(userId) + 1;
        return QuotaDecision.Allow;
    }

    private QuotaDecision? StreamsFull(TenantRecord tenant, string userId) =>
        _streams.GetValueOrDefault(userId) >= tenant.EffectiveMaxStreamsPerUser
            ? Refuse(Quotas.StreamsPerUser, $"At most {tenant.EffectiveMaxStreamsPerUser} concurrent streams per user", null)
            : null;

    /// <summary>A new session outside a turn (sessions API): spent budgets and max_sessions apply, nothing is reserved.</summary>
    public QuotaDecision AdmitSession(TenantRecord tenant)
    {
        Roll();
        if (SpentBudget(tenant) is { } spent)
        {
            return spent;
        }
        if (ActiveSessions >= tenant.MaxSessions)
        {
            return Refuse(Quotas.MaxSessions, $"The tenant has its maximum of {tenant.MaxSessions} sessions; delete one first", null);
        }
        ActiveSessions++;
        return QuotaDecision.Allow;
    }

    /// <summary>Charges a finished turn its real cost and hands back what it had reserved.</summary>
    public void Release(string userId, bool stream, long tokens, long reservation = 0)
    {
        Roll();
        DayTokens += tokens;
        MonthTokens += tokens;
        if (reservation > 0)
        {
            Reserved = Math.Max(0, Reserved - reservation);
            Running = Math.Max(0, Running - 1);
        }
        if (tokens > 0)
        {
            // Up at once to a costlier turn, down by a quarter per turn towards cheaper ones.
            Estimate = Math.Max(tokens, (Estimate ?? 0) * 3 / 4);
        }
        if (stream && _streams.TryGetValue(userId, out var n))
        {
            if (n <= 1)
            {
                _streams.Remove(userId);
            }
            else
            {
                _streams[userId] = n - 1;
            }
        }
        Wake();
    }

    public void SessionDeleted() => ActiveSessions = Math.Max(0, ActiveSessions - 1);

    private void Roll()
    {
        var now = time.GetUtcNow();
        if (DayStart(now) != _day)
        {
            _day = DayStart(now);
            DayTokens = 0;
        }
        if (MonthStart(now) != _month)
        {
            _month = MonthStart(now);
            MonthTokens = 0;
        }
    }

    private QuotaDecision? SpentBudget(TenantRecord tenant)
    {
        if (tenant.EffectiveDailyTokenBudget > 0 && DayTokens >= tenant.EffectiveDailyTokenBudget)
        {
            return Refuse(Quotas.DailyTokens, $"The tenant's daily token budget ({tenant.EffectiveDailyTokenBudget}) is used up", _day.AddDays(1));
        }
        if (tenant.EffectiveMonthlyTokenBudget > 0 && MonthTokens >= tenant.EffectiveMonthlyTokenBudget)
        {
            return Refuse(Quotas.MonthlyTokens, $"The tenant's monthly token budget ({tenant.EffectiveMonthlyTokenBudget}) is used up", _month.AddMonths(1));
        }
        return null;
    }

    /// <summary>Tokens neither spent nor reserved under the tighter budget; null when no budget applies.</summary>
    private long? Left(TenantRecord tenant)
    {
        long? left = null;
        if (tenant.EffectiveDailyTokenBudget > 0)
        {
            left = tenant.EffectiveDailyTokenBudget - DayTokens - Reserved;
        }
        if (tenant.EffectiveMonthlyTokenBudget > 0)
        {
            var month = tenant.EffectiveMonthlyTokenBudget - MonthTokens - Reserved;
            left = left is { } l ? Math.Min(l, month) : month;
        }
        return left is { } v ? Math.Max(v, 0) : null;
    }

    private string BudgetName(TenantRecord tenant) =>
        tenant.EffectiveDailyTokenBudget > 0 &&
        (tenant.EffectiveMonthlyTokenBudget <= 0 || tenant.EffectiveDailyTokenBudget - DayTokens <= tenant.EffectiveMonthlyTokenBudget - MonthTokens)
            ? Quotas.DailyTokens
            : Quotas.MonthlyTokens;

    private static QuotaDecision Refuse(string quota, string message, DateTimeOffset? resetsAt) => new(false, quota, message, resetsAt);
}
