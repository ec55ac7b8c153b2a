using System.Diagnostics;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Embeddings;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Agent;
using HermesX.Grains.Llm;
using HermesX.Grains.Llm.Embeddings;
using HermesX.Grains.Sessions;
using HermesX.Grains.Store;
using Microsoft.Extensions.AI;
using Orleans.Concurrency;

namespace HermesX.Grains.Embeddings;

/// <summary>
/// Embeds texts with the model's provider and bills the call: held to the tenant's and the key's model
/// allow-lists and USD budgets as a turn's model call is, admitted against the tenant's token
/// budget when it has one, and answered only once its usage row (no session; the input tokens at
/// the catalog's input price) is committed through the silo's group commit, as a turn's usage is.
/// </summary>
[StatelessWorker, GrainType("embeddings")]
internal sealed class EmbeddingsGrain(IModelCatalog models, EmbeddingGenerators generators, GroupCommitter committer, ISiloCache tenants,
    CallBudget budget, TimeProvider time)
    : Grain, IEmbeddingsGrain
{
    async Task<EmbeddingOutcome> IEmbeddingsGrain.EmbedAsync(EmbeddingRequest request, CancellationToken ct)
    {
        if (!models.TryGet(request.Model, out var model))
        {
            return new TurnError(TurnErrorKind.ModelNotFound, $"The model '{request.Model}' does not exist", "model");
        }
        var tenant = await tenants.GetTenantAsync(request.TenantId);
        if (ModelAllowList.Refusal(request.KeyModels, tenant?.Models, model.Id) is { } refusal)
        {
            return refusal;
        }
        if (!EmbeddingGenerators.Serves(model))
        {
            return new TurnError(TurnErrorKind.ModelNotSupported,
                $"The model '{model.Id}' cannot serve embeddings: its provider ({model.Provider}) has no embeddings endpoint HermesX can call", "model");
        }
        var counted = tenant is not { IsActive: true, HasTokenBudget: false };
        var quota = GrainFactory.GetGrain<ITenantQuotaGrain>(request.TenantId);
        var reservation = 0L;
        if (counted)
        {
            var decision = await quota.AdmitTurnAsync(request.UserId, newSession: false, stream: false, ct);
            if (!decision.Allowed)
            {
                return TurnRefusals.Quota(decision, time);
            }
            reservation = decision.Reservation;
        }
        var tokens = 0L;
        long? spend = null;
        try
        {
            if (SpendBudgets.Apply(tenant is { HasSpendBudget: true }, request.KeyDailyBudgetUsd, request.KeyMonthlyBudgetUsd))
            {
                // The worst case is the inputs' cost at the model's input price: an embedding has no output tokens.
                var (reserved, refused) = await budget.ReserveAsync(request.TenantId, new SpendClaim(request.EndUserId, request.ApiKeyId,
                    request.KeyDailyBudgetUsd, request.KeyMonthlyBudgetUsd, model.CostOf(CallBudget.TokensOf(request.Inputs), 0)));
                if (refused is not null)
                {
                    return refused;
                }
                spend = reserved;
            }
            var (outcome, used) = await CallAsync(model, request, ct);
            tokens = used;
            return outcome;
        }
        finally
        {
            await budget.SettleAsync(request.TenantId, spend, model.CostOf(tokens, 0));
            if (counted)
            {
                await quota.ReleaseAsync(request.UserId, false, tokens, reservation);
            }
        }
    }

    private async Task<(EmbeddingOutcome Outcome, long Tokens)> CallAsync(ModelInfo model, EmbeddingRequest request, CancellationToken ct)
    {
        var options = new EmbeddingGenerationOptions { Dimensions = request.Dimensions };
        if (request.EndUser is { } user)
        {
            options.AdditionalProperties = new() { [OpenAiEmbeddingGenerator.UserProperty] = user };
        }
        var generator = generators.For(model);
        var started = Stopwatch.GetTimestamp();
        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await generator.GenerateAsync(request.Inputs, options, ct);
        }
        catch (Exception e) when (e is LlmException or InvalidDataException or System.Text.Json.JsonException)
        {
            HermesMeter.ModelCalled(model.Provider, model.Id, "error", request.TenantId, Stopwatch.GetElapsedTime(started), 0, 0);
            return (Failure(e), 0);
        }
        var tokens = embeddings.Usage?.InputTokenCount ?? 0;
        HermesMeter.ModelCalled(model.Provider, model.Id, "success", request.TenantId, Stopwatch.GetElapsedTime(started), tokens, 0);
        // Billed before answered: the row commits with the silo's next flush, and the answer waits for it.
        await committer.CommitAsync(new TenantWrite(request.TenantId)
        {
            Usage = [new UsageRow(null, request.EndUserId, model.Id, model.Provider, tokens, 0, model.CostOf(tokens, 0), request.ApiKeyId, generator.Deployment)],
        });
        return (new EmbeddingResult(model.Id, [.. embeddings.Select(e => e.Vector.ToArray())], tokens), tokens);
    }

    /// <summary>Provider messages can quote the input: the caller gets a fixed text, as for a turn.</summary>
    private static TurnError Failure(Exception e) => e switch
    {
        LlmRequestException rejected => new(TurnErrorKind.ModelRejected, $"The model provider rejected the request ({rejected.StatusCode})"),
        LlmUnavailableException => new(TurnErrorKind.ModelUnavailable, $"The model provider is unavailable: {e.GetType().Name}"),
        _ => new(TurnErrorKind.ModelOutputInvalid, "The model provider's answer was not a list of one embedding per input"),
    };
}
