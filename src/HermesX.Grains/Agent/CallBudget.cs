using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Sessions;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent;

/// <summary>
/// The USD budgets around each model call of the agent loop: the call's worst case is reserved with the
/// tenant's <see cref="ITenantSpendGrain"/> before it is made and settled with its real cost after (a
/// <see cref="CallReservation"/>). A turn no budget applies to (<see cref="AgentTurn.Budgeted"/> false) costs no grain call.
/// </summary>
public sealed class CallBudget(IGrainFactory grains, TimeProvider time)
{
    /// <summary>
    /// Characters per token assumed for the prompt's worst case: below the usual four, so text that
    /// tokenizes densely is still covered.
    /// </summary>
    private const int CharsPerToken = 3;

    /// <summary>Tokens counted for each message beyond its text (role and framing).</summary>
    private const int TokensPerMessage = 4;

    /// <summary>
    /// Reserves the call's worst case at the turn's model; null when no budget applies. Throws the turn's error when
    /// a budget would be overrun. A fallback the call moves to raises it (<see cref="CallReservation.CoverAsync"/>).
    /// </summary>
    public async ValueTask<CallReservation?> ReserveAsync(AgentTurn turn, IReadOnlyList<ChatMessage> conversation, ChatOptions options)
    {
        if (!turn.Budgeted)
        {
            return null;
        }
        var request = turn.Request;
        var hold = Hold(turn.TenantId, new SpendClaim(request.EndUserId, request.Key, 0),
            PromptTokens(conversation, options), options.MaxOutputTokens ?? 0);
        await hold.CoverAsync(turn.Model);
        return hold;
    }

    /// <summary>A hold on the budgets for a call of these worst-case tokens, reserving nothing until it is asked to cover a model.</summary>
    public CallReservation Hold(string tenantId, SpendClaim claim, long inputTokens, long outputTokens) =>
        new(this, tenantId, claim, inputTokens, outputTokens);

    /// <summary>Reserves <paramref name="claim"/> with the tenant's spend grain: the reservation to settle, or the refusal.</summary>
    public async ValueTask<(long Reservation, TurnError? Refusal)> ReserveAsync(string tenantId, SpendClaim claim)
    {
        var decision = await grains.GetGrain<ITenantSpendGrain>(tenantId).ReserveAsync(claim);
        return decision.Allowed ? (decision.Reservation, null) : (0, TurnRefusals.Budget(decision, time));
    }

    /// <summary>Settles a reservation with the call's real cost in USD.</summary>
    public async Task SettleAsync(string tenantId, long reservation, decimal usd)
    {
        try
        {
            await grains.GetGrain<ITenantSpendGrain>(tenantId).SettleAsync(reservation, usd);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            // The spend grain's silo died with the reservation; its next activation reads the spend from the usage rows.
        }
    }

    /// <summary>The worst-case token count of texts sent as they are (embeddings' inputs).</summary>
    public static long TokensOf(IEnumerable<string> texts) => texts.Sum(t => ((long)t.Length + CharsPerToken - 1) / CharsPerToken);

    private static long PromptTokens(IReadOnlyList<ChatMessage> conversation, ChatOptions options)
    {
        var chars = Llm.Routing.PromptTokens.Characters(conversation);
        foreach (var tool in options.Tools ?? [])
        {
            chars += tool.Name.Length + tool.Description.Length + (tool is AIFunctionDeclaration f ? f.JsonSchema.GetRawText().Length : 0);
        }
        return (chars + CharsPerToken - 1) / CharsPerToken + TokensPerMessage * (long)conversation.Count;
    }
}
