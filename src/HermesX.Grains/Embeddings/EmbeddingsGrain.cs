using System.Diagnostics;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Embeddings;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Llm;
using HermesX.Grains.Llm.Embeddings;
using HermesX.Grains.Store;
using Microsoft.Extensions.AI;
using Orleans.Concurrency;

namespace HermesX.Grains.Embeddings;

/// <summary>
/// Embeds texts with the model's provider and bills the call: admitted against the tenant's token
/// budget when it has one, and answered only once its usage row (no session; the input tokens at
/// the catalog's input price) is committed through the silo's group commit, as a turn's usage is.
/// </summary>
[StatelessWorker, GrainType("embeddings")]
internal sealed class EmbeddingsGrain(IModelCatalog models, EmbeddingGenerators generators, GroupCommitter committer, ISiloCache tenants)
    : Grain, IEmbeddingsGrain
{
    async Task<EmbeddingOutcome> IEmbeddingsGrain.EmbedAsync(EmbeddingRequest request, CancellationToken ct)
    {
        if (!models.TryGet(request.Model, out var model))
        {
            return new TurnError(TurnErrorKind.ModelNotFound, $"The model '{request.Model}' does not exist", "model");
        }
        if (!EmbeddingGenerators.Serves(model))
        {
            return new TurnError(TurnErrorKind.ModelNotSupported,
                $"The model '{model.Id}' cannot serve embeddings: its provider ({model.Provider}) has no embeddings endpoint HermesX can call", "model");
        }
        var counted = await tenants.GetTenantAsync(request.TenantId) is not { IsActive: true, HasTokenBudget: false };
        var quota = GrainFactory.GetGrain<ITenantQuotaGrain>(request.TenantId);
        var reservation = 0L;
        if (counted)
        {
            var decision = await quota.AdmitTurnAsync(request.UserId, newSession: false, stream: false, ct);
            if (!decision.Allowed)
            {
                return new TurnError(TurnErrorKind.QuotaExceeded, decision.Message ?? "The tenant's token budget is used up", decision.Quota,
                    RetryAfterSeconds: decision.Wait ? 1 : null);
            }
            reservation = decision.Reservation;
        }
        var tokens = 0L;
        try
        {
            var (outcome, used) = await CallAsync(model, request, ct);
            tokens = used;
            return outcome;
        }
        finally
        {
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
        var started = Stopwatch.GetTimestamp();
        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await generators.For(model).GenerateAsync(request.Inputs, options, ct);
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
            Usage = [new UsageRow(null, request.UserId, model.Id, model.Provider, tokens, 0, model.CostOf(tokens, 0))],
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
