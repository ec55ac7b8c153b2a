using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Sessions;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent;

/// <summary>
/// One model call's hold on the USD budgets: the worst case of the model about to be called (its tokens at
/// that model's prices). Before the call moves to a fallback whose worst case is higher, the difference is
/// reserved too — refused like the first reservation when it would overrun a budget — and settling hands
/// every part back at once and adds the real cost of the model that served.
/// </summary>
/// <param name="claim">Who the call is charged to; its <see cref="SpendClaim.Usd"/> is set here, model by model.</param>
public sealed class CallReservation(CallBudget budget, string tenantId, SpendClaim claim, long inputTokens, long outputTokens)
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key the agent loop hands a call's reservation to its routed client under.</summary>
    public const string Property = "hermes.reservation";

    private readonly List<long> _holds = new(1);
    private decimal _reserved;

    /// <summary>The reservation a chat call carries on its options, if any.</summary>
    public static CallReservation? Of(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Property, out var hold) == true ? hold as CallReservation : null;

    /// <summary>
    /// Makes what is held cover <paramref name="model"/>'s worst case: nothing to do when it already does, else
    /// the difference is reserved. Throws the turn's error (<see cref="TurnErrorException"/>) when that overruns a budget.
    /// </summary>
    public async ValueTask CoverAsync(ModelInfo model)
    {
        var worst = model.CostOf(inputTokens, outputTokens);
        if (_holds.Count > 0 && worst <= _reserved)
        {
            return;
        }
        var (hold, refusal) = await budget.ReserveAsync(tenantId, claim with { Usd = worst - _reserved });
        if (refusal is not null)
        {
            throw new TurnErrorException(refusal);
        }
        _holds.Add(hold);
        _reserved = worst;
    }

    /// <summary>Hands back everything reserved (nothing when no call was made) and adds <paramref name="costUsd"/>, the call's real cost, once.</summary>
    public async Task SettleAsync(decimal costUsd)
    {
        for (var i = 0; i < _holds.Count; i++)
        {
            await budget.SettleAsync(tenantId, _holds[i], i == 0 ? costUsd : 0);
        }
    }
}
