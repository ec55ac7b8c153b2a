using System.Text.RegularExpressions;
using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Validation;

/// <summary>
/// The shape of a tenant id wherever a caller names one (path or <c>tenant_id</c>): what tenant
/// creation accepts, bootstrap's <c>default</c> and generated GUIDs all fit. Anything else is never
/// a tenant, so it is answered before a grain or the database sees it.
/// </summary>
public static partial class TenantIds
{
    public static bool IsWellFormed(string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>Null when <paramref name="id"/> may name a tenant; else the 404 every unknown tenant gets.</summary>
    public static ApiErrorResult? Refusal(string? id) =>
        IsWellFormed(id) ? null : ApiError.NotFound("No such tenant: tenant ids are 1-128 letters, digits, '.', '_' or '-'");

    /// <summary>Answers 404 before the handler when the route value <paramref name="routeKey"/> cannot be a tenant id.</summary>
    public static TBuilder WithTenantRoute<TBuilder>(this TBuilder builder, string routeKey) where TBuilder : IEndpointConventionBuilder =>
        builder.WithTenantRouteDocs(routeKey).AddEndpointFilter(async (ctx, next) =>
            ctx.HttpContext.Request.RouteValues.TryGetValue(routeKey, out var v) && Refusal(v as string) is { } refusal
                ? refusal
                : await next(ctx));

    private static TBuilder WithTenantRouteDocs<TBuilder>(this TBuilder builder, string routeKey) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(b =>
        {
            if (b is RouteEndpointBuilder route && route.RoutePattern.GetParameter(routeKey) is not null)
            {
                ApiErrorDocs.Add(b, StatusCodes.Status404NotFound);
            }
        });
        return builder;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex Pattern();
}
