using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Tenants;

/// <summary>
/// In-memory quota counters of one tenant, owned by its TenantGrain (one activation in the cluster,
/// so checks and counts are atomic). Token counters are seeded from usage_records on activation,
/// so they survive the loss of the silo that held them; windows roll over lazily at UTC midnight
/// and on the first of the month.
/// </summary>
public sealed class TenantQuota(TimeProvider time)
{
    private readonly Dictionary<string, int> _streams = new(StringComparer.Ordinal);
    private DateTimeOffset _day;
    private DateTimeOffset _month;

    public long DayTokens { get; private set; }
    public long MonthTokens { get; private set; }
    public int ActiveSessions { get; private set; }

    public static DateTimeOffset DayStart(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);

    public void Seed(long dayTokens, long monthTokens, int activeSessions)
    {
        var now = time.GetUtcNow();
        (_day, _month) = (DayStart(now), MonthStart(now));
        (DayTokens, MonthTokens, ActiveSessions) = (dayTokens, monthTokens, activeSessions);
    }

    public QuotaDecision Admit(TenantRecord tenant, string userId, bool newSession, bool stream)
    {
        Roll();
        if (tenant.EffectiveDailyTokenBudget > 0 && DayTokens >= tenant.EffectiveDailyTokenBudget)
        {
            return Refuse(Quotas.DailyTokens, $"The tenant's daily token budget ({tenant.EffectiveDailyTokenBudget}) is used up", _day.AddDays(1));
        }
        if (tenant.EffectiveMonthlyTokenBudget > 0 && MonthTokens >= tenant.EffectiveMonthlyTokenBudget)
        {
            return Refuse(Quotas.MonthlyTokens, $"The tenant's monthly token budget ({tenant.EffectiveMonthlyTokenBudget}) is used up", _month.AddMonths(1));
        }
        if (newSession && ActiveSessions >= tenant.MaxSessions)
        {
            return Refuse(Quotas.MaxSessions, $"The tenant has its maximum of {tenant.MaxSessions} sessions; delete one first", null);
        }
        if (stream && _streams.GetValueOrDefault(userId) >= tenant.EffectiveMaxStreamsPerUser)
        {
            return Refuse(Quotas.StreamsPerUser, $"At most {tenant.EffectiveMaxStreamsPerUser} concurrent streams per user", null);
        }
        if (newSession)
        {
            ActiveSessions++;
        }
        if (stream)
        {
            _streams[userId] = _streams.GetValueOrDefault(userId) + 1;
        }
        return QuotaDecision.Allow;
    }

    public void Release(string userId, bool stream, long tokens)
    {
        Roll();
        DayTokens += tokens;
        MonthTokens += tokens;
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

    private static QuotaDecision Refuse(string quota, string message, DateTimeOffset? resetsAt) => new(false, quota, message, resetsAt);
}
