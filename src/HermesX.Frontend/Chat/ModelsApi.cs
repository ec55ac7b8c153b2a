using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Frontend.Chat;

/// <summary>The OpenAI model object.</summary>
public sealed record ModelObject(string Id, string Object, long Created, string OwnedBy)
{
    public static ModelObject From(ModelInfo m) => new(m.Id, "model", 0, m.Provider);
}

public sealed record ModelList(string Object, IReadOnlyList<ModelObject> Data);

/// <summary>GET /v1/models and /v1/models/{id}, as the OpenAI SDKs' models.list and models.retrieve call them.</summary>
public static class ModelsApi
{
    public static void MapModels(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/models").WithTags("Chat").RequireAuthorization(AuthPolicies.Authenticated);
        group.MapGet("/", async (Caller caller, IModelCatalog models, ISiloCache cache) =>
            {
                var allowed = await AllowedAsync(caller, cache);
                return TypedResults.Ok(new ModelList("list", [.. models.List().Where(allowed).Select(ModelObject.From)]));
            })
            .WithName("ListModels").WithSummary("Models of the catalog the caller may use");
        // Catch-all: model ids such as "meta-llama/Llama-3.1-8B" hold slashes.
        group.MapGet("/{**id}", async Task<Results<Ok<ModelObject>, ApiErrorResult>> (string id, Caller caller, IModelCatalog models, ISiloCache cache) =>
                models.TryGet(id, out var model) && (await AllowedAsync(caller, cache))(model) ? TypedResults.Ok(ModelObject.From(model)) : ModelNotFound(id))
            .ProducesErrors(StatusCodes.Status404NotFound)
            .WithName("GetModel").WithSummary("One model of the catalog; 404 when it is not served or the caller may not use it");
    }

    /// <summary>
    /// Whether the caller may use a model: its tenant's allow-list and its API key's, as a turn checks
    /// them. The platform token has no tenant and sees the whole catalog.
    /// </summary>
    private static async ValueTask<Func<ModelInfo, bool>> AllowedAsync(Caller caller, ISiloCache cache)
    {
        var tenant = caller.TenantId is { } id ? (await cache.GetTenantAsync(id))?.Models : null;
        var key = caller.Models;
        return m => ModelAllowList.Refusal(key, tenant, m.Id) is null;
    }

    private static ApiErrorResult ModelNotFound(string id) =>
        ApiError.Create(StatusCodes.Status404NotFound, $"The model '{id}' does not exist or is not allowed for this caller; GET /v1/models lists the models it may use", "model_not_found", "model");
}
