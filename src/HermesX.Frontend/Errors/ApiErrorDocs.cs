using HermesX.Frontend.Gate;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Messages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Errors;

/// <summary>
/// Error responses in the OpenAPI document. Handlers document theirs through their result types and
/// <see cref="ProducesErrors{TBuilder}"/>; the ones the pipeline answers before a handler runs
/// (input guard, authentication, tenant gate, rate limiter, body limit, store outage) are added to
/// every endpoint by <see cref="WithPipelineErrors"/>, from the metadata that decides them.
/// </summary>
public static class ApiErrorDocs
{
    private static readonly string[] Json = ["application/json"];

    /// <summary>Documents the error envelope for <paramref name="statuses"/>, beside the endpoint's other errors.</summary>
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(b => Add(b, statuses));
        return builder;
    }

    /// <summary>Adds, after every other convention has run, the errors the pipeline can answer on each endpoint of the group.</summary>
    public static RouteGroupBuilder WithPipelineErrors(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(AddPipelineErrors);
        return group;
    }

    public static void Add(EndpointBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (!builder.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
            {
                builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ApiErrorBody), Json));
            }
        }
    }

    private static void AddPipelineErrors(EndpointBuilder builder)
    {
        var metadata = builder.Metadata;
        // The input guard refuses unstorable text in any path or query; the store or cluster can be down for any handler.
        var statuses = new List<int> { StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable };
        var authenticated = metadata.OfType<IAllowAnonymous>().LastOrDefault() is null && metadata.OfType<IAuthorizeData>().Any();
        if (authenticated)
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            statuses.Add(StatusCodes.Status429TooManyRequests);
            // A role policy (tenant or platform admin) refuses other callers with 403, as the tenant gate does.
            if (metadata.OfType<TenantGate>().Any() || metadata.OfType<IAuthorizeData>().Any(a => a.Policy is { } p && p != AuthPolicies.Authenticated))
            {
                statuses.Add(StatusCodes.Status403Forbidden);
            }
        }
        if (metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Any(h => h is "POST" or "PUT" or "PATCH")))
        {
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
        }
        Add(builder, [.. statuses]);
        if (builder is RouteEndpointBuilder { RoutePattern.RawText: { } path } && path.StartsWith(AnthropicErrors.Path, StringComparison.Ordinal))
        {
            // Every failure on the Messages path takes Anthropic's error shape (AnthropicErrors), so that is what it documents.
            for (var i = 0; i < metadata.Count; i++)
            {
                if (metadata[i] is IProducesResponseTypeMetadata { Type: { } t } m && t == typeof(ApiErrorBody))
                {
                    metadata[i] = new ProducesResponseTypeMetadata(m.StatusCode, typeof(AnthropicErrorBody), Json);
                }
            }
        }
    }
}
