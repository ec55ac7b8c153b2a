using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
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
        group.MapGet("/", (IModelCatalog models) => TypedResults.Ok(new ModelList("list", [.. models.List().Select(ModelObject.From)])))
            .WithName("ListModels").WithSummary("Models of the catalog");
        // Catch-all: model ids such as "meta-llama/Llama-3.1-8B" hold slashes.
        group.MapGet("/{**id}", Results<Ok<ModelObject>, ApiErrorResult> (string id, IModelCatalog models) =>
                models.TryGet(id, out var model) ? TypedResults.Ok(ModelObject.From(model)) : ModelNotFound(id))
            .ProducesErrors(StatusCodes.Status404NotFound)
            .WithName("GetModel").WithSummary("One model of the catalog; 404 when it is not served");
    }

    private static ApiErrorResult ModelNotFound(string id) =>
        ApiError.Create(StatusCodes.Status404NotFound, $"The model '{id}' does not exist; GET /v1/models lists the catalog", "model_not_found", "model");
}
