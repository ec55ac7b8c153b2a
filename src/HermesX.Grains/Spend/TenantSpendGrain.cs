using System.Globalization;
using System.Text.Json;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Audit;
using HermesX.Grains.Tenants;
using HermesX.Grains.Usage;
using HermesX.Grains.Webhooks;
using HermesX.Grains.Abstractions.Webhooks;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Spend;

/// <summary>
/// Keeps one tenant's USD counters in a <see cref="SpendLedger"/>. The tenant's budgets are read from
/// this silo's copy of its record (which every change drops first); a key's budgets come with the claim,
/// from the key's credential. A counter starts from the usage rows of its period the first time a call
/// needs it, so spend survives the loss of the silo that held it.
/// </summary>
/// <remarks>
/// Not reentrant: a reservation reads the counters it has not seen yet from Postgres (one query for all of
/// them), and no other call may check against those counters in between; every other step is in memory.
/// </remarks>
[GrainType("tenant-spend")]
public sealed class TenantSpendGrain(ISiloCache tenants, UsageStore usage, AuditStore audit, WebhookOutbox webhooks, TimeProvider time,
    ILogger<TenantSpendGrain> logger)
    : Grain, ITenantSpendGrain
{
    private readonly SpendLedger _ledger = new();

    private string TenantId => this.GetPrimaryKeyString();

    async Task<SpendDecision> ITenantSpendGrain.ReserveAsync(SpendClaim claim)
    {
        var budgets = Budgets(await tenants.GetTenantAsync(TenantId), claim);
        var unknown = budgets.Where(b => !_ledger.Knows(b)).ToList();
        if (unknown.Count > 0)
        {
            var spent = await usage.CostsSinceAsync(TenantId, [.. unknown.Select(b => Scope(b, claim))]);
            for (var i = 0; i < unknown.Count; i++)
            {
                _ledger.Load(unknown[i], spent[i]);
            }
        }
        var (reservation, refused) = _ledger.Reserve(budgets, claim.Usd);
        return refused is null ? new SpendDecision(true, reservation)
            : new SpendDecision(false, Budget: refused.Name, Message: Refusal(refused, claim.Usd), ResetsAt: refused.ResetsAt);
    }

    async Task ITenantSpendGrain.SettleAsync(long reservation, decimal costUsd)
    {
        var crossed = _ledger.Settle(reservation, costUsd);
        if (crossed.Count == 0)
        {
            return;
        }
        foreach (var c in crossed)
        {
            HermesMeter.BudgetThresholdCrossed(c.Budget.Name, c.ThresholdPercent);
        }
        try
        {
            await audit.AppendAsync(TenantId, [.. crossed.Select(Audited)]);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // The call was made and is settled: a lost audit row must not fail it, but it is said.
            logger.LogWarning("Tenant {TenantId}: budget thresholds {Crossed} crossed but not audited ({Error})", TenantId, Named(crossed), e.GetType().Name);
        }
        try
        {
            foreach (var c in crossed)
            {
                await webhooks.EnqueueAsync(TenantId, WebhookEvents.BudgetThresholdCrossed, Event(c));
            }
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Tenant {TenantId}: budget thresholds {Crossed} crossed but no webhook event queued ({Error})", TenantId, Named(crossed),
                e.GetType().Name);
        }
    }

    private static string Named(List<SpendCrossing> crossed) => string.Join(", ", crossed.Select(c => $"{c.Budget.Name} {c.ThresholdPercent}%"));

    /// <summary>A crossing's facts, as its audit row (in text) and its webhook event (numbers as numbers) give them.</summary>
    private static (string Name, object Value)[] Facts(SpendCrossing c) =>
    [
        ("budget", c.Budget.Name),
        ("threshold_percent", c.ThresholdPercent),
        ("limit_usd", c.Budget.LimitUsd),
        ("spent_usd", Math.Round(c.SpentUsd, 6)),
        ("period_start", c.Budget.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
    ];

    /// <summary>The <c>data</c> of a budget.threshold_crossed event: the tenant and the audit row's facts.</summary>
    private JsonElement Event(SpendCrossing c) =>
        JsonSerializer.SerializeToElement(Facts(c).Prepend((Name: "tenant_id", Value: (object)TenantId)).ToDictionary(f => f.Name, f => f.Value));

    Task ITenantSpendGrain.BudgetsChangedAsync()
    {
        _ledger.ForgetIdle(c => c.StartsWith(TenantCounter, StringComparison.Ordinal) || c.StartsWith(UserCounter, StringComparison.Ordinal));
        return Task.CompletedTask;
    }

    Task ITenantSpendGrain.KeyBudgetsChangedAsync(string apiKeyId)
    {
        _ledger.ForgetIdle(c => c == KeyDailyCounter + apiKeyId || c == KeyMonthlyCounter + apiKeyId);
        return Task.CompletedTask;
    }

    // Counter names: by owner, so a change of one owner's budgets forgets that owner's counters only.
    private const string TenantCounter = "tenant:";
    private const string KeyDailyCounter = "key:day:";
    private const string KeyMonthlyCounter = "key:month:";
    private const string UserCounter = "user:day:";

    private List<SpendBudget> Budgets(TenantRecord? tenant, SpendClaim claim)
    {
        var now = time.GetUtcNow();
        var day = TenantQuota.DayStart(now);
        var month = TenantQuota.MonthStart(now);
        var budgets = new List<SpendBudget>(5);
        void Add(string name, string counter, decimal? limit, DateTimeOffset start, DateTimeOffset end)
        {
            if (limit is { } l)
            {
                budgets.Add(new SpendBudget(name, counter, l, start, end));
            }
        }
        Add(SpendBudgets.TenantDaily, TenantCounter + "day", tenant?.DailyBudgetUsd, day, day.AddDays(1));
        Add(SpendBudgets.TenantMonthly, TenantCounter + "month", tenant?.MonthlyBudgetUsd, month, month.AddMonths(1));
        if (claim.Key is { } key)
        {
            Add(SpendBudgets.KeyDaily, KeyDailyCounter + key.Id, key.DailyBudgetUsd, day, day.AddDays(1));
            Add(SpendBudgets.KeyMonthly, KeyMonthlyCounter + key.Id, key.MonthlyBudgetUsd, month, month.AddMonths(1));
        }
        Add(SpendBudgets.UserDaily, UserCounter + claim.UserId, tenant?.UserDailyBudgetUsd, day, day.AddDays(1));
        return budgets;
    }

    /// <summary>The usage rows a budget's counter starts from: its period's, of the key or end user it belongs to.</summary>
    private static CostScope Scope(SpendBudget budget, SpendClaim claim) => budget.Name switch
    {
        SpendBudgets.KeyDaily or SpendBudgets.KeyMonthly => new CostScope(budget.PeriodStart, ApiKeyId: claim.Key?.Id),
        SpendBudgets.UserDaily => new CostScope(budget.PeriodStart, UserId: claim.UserId),
        _ => new CostScope(budget.PeriodStart),
    };

    private static string Refusal(SpendBudget budget, decimal usd) => string.Create(CultureInfo.InvariantCulture,
        $"The {Describe(budget.Name)} budget of {budget.LimitUsd} USD would be exceeded by this model call (up to {Math.Round(usd, 6)} USD); it resets at {budget.ResetsAt:yyyy-MM-ddTHH:mm:ssZ}");

    private static string Describe(string budget) => budget switch
    {
        SpendBudgets.TenantDaily => "tenant's daily",
        SpendBudgets.TenantMonthly => "tenant's monthly",
        SpendBudgets.KeyDaily => "API key's daily",
        SpendBudgets.KeyMonthly => "API key's monthly",
        _ => "end user's daily",
    };

    private AuditEntry Audited(SpendCrossing c) => new(TenantId, "hermesx", "system", "BUDGET threshold", 200, 0, null, null, null, null,
        Facts(c).ToDictionary(f => f.Name, f => Convert.ToString(f.Value, CultureInfo.InvariantCulture)!));
}
