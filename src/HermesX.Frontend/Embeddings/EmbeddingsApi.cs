using HermesX.Frontend.Auth;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Gate;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Embeddings;
using HermesX.Grains.Abstractions.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Embeddings;

/// <summary>
/// <c>POST /v1/embeddings</c>, as OpenAI's SDKs call it: gated and rate-limited like chat, run by
/// the silo's <see cref="IEmbeddingsGrain"/>, which routes it and bills it before it answers; the answer
/// names the deployment that served in <c>X-Hermes-Deployment</c>, as chat's do.
/// </summary>
public static class EmbeddingsApi
{
    private const string TenantRefusal = "Embeddings run as a tenant: use a tenant API key, not the platform token";
    private const string ScopeRefusal = "Embeddings need the 'execute' scope";

    public static void MapEmbeddings(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/v1").WithTags("Embeddings").RequireAuthorization(AuthPolicies.Authenticated)
            .MapPost("/embeddings", CreateAsync).WithName("CreateEmbeddings").WithSummary("OpenAI-compatible embeddings of one or more texts")
            .RequireTenant(TenantRefusal).RequireScope(ScopeRefusal, Scopes.Execute)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests, StatusCodes.Status502BadGateway,
                StatusCodes.Status503ServiceUnavailable)
            .Accepts<CreateEmbeddingRequest>("application/json");

    private static async Task<Results<WireJson<CreateEmbeddingResponse>, ApiErrorResult>> CreateAsync(
        Caller caller, HttpContext http, IGrainFactory grains, IModelCatalog models)
    {
        ParsedEmbeddingRequest parsed;
        try
        {
            parsed = EmbeddingRequestValidator.Validate(
                await WireBody.ReadAsync(http.Request.Body, EmbeddingsJson.Default.CreateEmbeddingRequest, http.RequestAborted));
        }
        catch (ChatRequestException e)
        {
            return ApiError.BadRequest(e.Message, e.Param, e.Code);
        }
        if (!models.TryGet(parsed.Model, out var model))
        {
            return ApiError.Create(StatusCodes.Status404NotFound, $"The model '{parsed.Model}' does not exist; GET /v1/models lists the catalog",
                "model_not_found", "model");
        }
        var request = new EmbeddingRequest(caller.TenantId!, caller.Subject, model.Id, parsed.Inputs, parsed.Dimensions, parsed.User)
        {
            Key = caller.Key,
        };
        var outcome = await grains.Reference<IEmbeddingsGrain>(IEmbeddingsGrain.Key).EmbedAsync(request, http.RequestAborted);
        if (outcome.Result is not { } result)
        {
            return TurnErrors.Answer(http, outcome.Error!);
        }
        DeploymentHeader.Set(http, result.Deployment);
        var data = result.Vectors.Select((vector, i) => new EmbeddingData(i, new EmbeddingVector(vector, parsed.Base64))).ToList();
        var answer = new CreateEmbeddingResponse(data, result.Model, new EmbeddingUsage(result.InputTokens, result.InputTokens));
        return WireJson<CreateEmbeddingResponse>.Of(answer, EmbeddingsJson.Default.CreateEmbeddingResponse);
    }
}
