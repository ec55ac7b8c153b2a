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
using HermesX.Grains.Llm.Routing;
using HermesX.Grains.Sessions;
using HermesX.Grains.Store;
using Microsoft.Extensions.AI;
using Orleans.Concurrency;

namespace HermesX.Grains.Embeddings;

/// <summary>
/// Embeds texts and bills the call: held to the tenant's and the key's model allow-lists and USD budgets
/// as a turn's model call is, admitted against the tenant's token budget when it has one, routed down
/// the model's deployments and fallbacks as a chat call is (models whose provider has no embeddings are
/// left out), and answered only once its usage row (no session; the input tokens at the serving model's
/// input price) is committed through the silo's group commit, as a turn's usage is.
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
        if (ModelAllowList.Refusal(request.Key?.Models, tenant?.Models, model.Id) is { } refusal)
        {
            return refusal;
        }
        // Each input must fit a model's context on its own: the longest one decides.
        var plan = generators.Router.Plan(model, request.Inputs, static inputs => inputs.Max(t => ((long)t.Length + 3) / 4));
        if (plan.Count == 0)
        {
            return new TurnError(TurnErrorKind.ModelNotSupported, $"The model '{model.Id}' cannot serve embeddings: {EmbeddingGenerators.Unfit(model)}"
                + (model.Fallbacks.Count > 0 ? $", and neither can its fallbacks ({string.Join(", ", model.Fallbacks)})" : ""), "model");
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
        // The worst case is the inputs' cost at the input price of the model about to be called: an embedding has no output tokens.
        var hold = SpendBudgets.Apply(tenant is { HasSpendBudget: true }, request.Key)
            ? budget.Hold(request.TenantId, new SpendClaim(request.EndUserId, request.Key, 0),
                CallBudget.TokensOf(request.Inputs), 0)
            : null;
        var tokens = 0L;
        var cost = 0m;
        try
        {
            (var outcome, tokens, cost) = await CallAsync(model, plan, request, hold, ct);
            return outcome;
        }
        finally
        {
            if (hold is not null)
            {
                await hold.SettleAsync(cost);
            }
            if (counted)
            {
                await quota.ReleaseAsync(request.UserId, false, tokens, reservation);
            }
        }
    }

    private async Task<(EmbeddingOutcome Outcome, long Tokens, decimal Cost)> CallAsync(ModelInfo model, IReadOnlyList<Route<ResilientEmbeddingGenerator>> plan,
        EmbeddingRequest request, CallReservation? hold, CancellationToken ct)
    {
        var options = new EmbeddingGenerationOptions { Dimensions = request.Dimensions };
        if (request.EndUser is { } user)
        {
            options.AdditionalProperties = new() { [OpenAiEmbeddingGenerator.UserProperty] = user };
        }
        var started = Stopwatch.GetTimestamp();
        GeneratedEmbeddings<Embedding<float>> embeddings;
        Route<ResilientEmbeddingGenerator> route;
        try
        {
            (embeddings, route) = await generators.Router.CallAsync(model, plan, (request.Inputs, Options: options, Hold: hold),
                static (r, call, c) => r.Client.GenerateAsync(call.Inputs, call.Options, c),
                static e => e.Usage?.InputTokenCount ?? 0, hold is null ? null : static (r, call) => call.Hold!.CoverAsync(r.Model), ct);
        }
        catch (TurnErrorException refused)
        {
            // A budget refused the model the call was about to go to: no call was made to it.
            return (refused.Error, 0, 0);
        }
        catch (Exception e) when (e is LlmException or InvalidDataException or System.Text.Json.JsonException)
        {
            HermesMeter.ModelCalled(model.Provider, model.Id, "error", request.TenantId, Stopwatch.GetElapsedTime(started), 0, 0);
            return (Failure(e), 0, 0);
        }
        var served = route.Model;
        var tokens = embeddings.Usage?.InputTokenCount ?? 0;
        var cost = served.CostOf(tokens, 0);
        HermesMeter.ModelCalled(model.Provider, model.Id, "success", request.TenantId, Stopwatch.GetElapsedTime(started), tokens, 0);
        // Billed before answered, at the prices of the model that served: the row commits with the silo's next flush, and the answer waits for it.
        await committer.CommitAsync(new TenantWrite(request.TenantId)
        {
            Usage = [new UsageRow(null, request.EndUserId, served.Id, served.Provider, tokens, 0, cost, request.Key?.Id, route.Deployment.Id)],
        });
        var result = new EmbeddingResult(model.Id, [.. embeddings.Select(e => e.Vector.ToArray())], tokens) { Deployment = route.Deployment.Id };
        return (result, tokens, cost);
    }

    /// <summary>Provider messages can quote the input: the caller gets a fixed text, as for a turn.</summary>
    private static TurnError Failure(Exception e) => e switch
    {
        LlmRequestException rejected => new(TurnErrorKind.ModelRejected, $"The model provider rejected the request ({rejected.StatusCode})"),
        LlmUnavailableException => new(TurnErrorKind.ModelUnavailable, $"The model provider is unavailable: {e.GetType().Name}"),
        _ => new(TurnErrorKind.ModelOutputInvalid, "The model provider's answer was not a list of one embedding per input"),
    };
}
