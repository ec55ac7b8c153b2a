using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Sessions;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent;

/// <summary>
/// The USD budgets around each model call of the agent loop: the call's worst case is reserved with the
/// tenant's <see cref="ITenantSpendGrain"/> before it is made and settled with its real cost after. A turn
/// no budget applies to (<see cref="AgentTurn.Budgeted"/> false) costs no grain call.
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

    /// <summary>Reserves the call's worst case; null when no budget applies. Throws the turn's error when a budget would be overrun.</summary>
    public async ValueTask<long?> ReserveAsync(AgentTurn turn, IReadOnlyList<ChatMessage> conversation, ChatOptions options)
    {
        if (!turn.Budgeted)
        {
            return null;
        }
        var worst = turn.Model.CostOf(PromptTokens(conversation, options), options.MaxOutputTokens ?? 0);
        var request = turn.Request;
        var decision = await grains.GetGrain<ITenantSpendGrain>(turn.TenantId).ReserveAsync(
            new SpendClaim(turn.UserId, request.ApiKeyId, request.KeyDailyBudgetUsd, request.KeyMonthlyBudgetUsd, worst));
        if (!decision.Allowed)
        {
            var retry = decision.ResetsAt is { } at ? Math.Max(1, (int)Math.Ceiling((at - time.GetUtcNow()).TotalSeconds)) : (int?)null;
            throw new TurnErrorException(new TurnError(TurnErrorKind.BudgetExceeded, decision.Message!, decision.Budget, retry));
        }
        return decision.Reservation;
    }

    /// <summary>Settles a reservation with what the call really cost (nothing when it failed without usage).</summary>
    public async Task SettleAsync(AgentTurn turn, long? reservation, TokenUsage used)
    {
        if (reservation is not { } id)
        {
            return;
        }
        try
        {
            await grains.GetGrain<ITenantSpendGrain>(turn.TenantId).SettleAsync(id, turn.Model.CostOf(used.InputTokens, used.OutputTokens));
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
        long chars = 0;
        foreach (var message in conversation)
        {
            foreach (var content in message.Contents)
            {
                chars += content switch
                {
                    TextContent t => t.Text.Length,
                    FunctionCallContent f => f.Name.Length + (f.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 4)) ?? 0),
                    FunctionResultContent r => r.Result?.ToString()?.Length ?? 0,
                    DataContent d => d.Data.Length,
                    _ => 0,
                };
            }
        }
        foreach (var tool in options.Tools ?? [])
        {
            chars += tool.Name.Length + tool.Description.Length + (tool is AIFunctionDeclaration f ? f.JsonSchema.GetRawText().Length : 0);
        }
        return (chars + CharsPerToken - 1) / CharsPerToken + TokensPerMessage * (long)conversation.Count;
    }
}
