using HermesX.Frontend.Gate;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Tools;

namespace HermesX.Frontend.Memories;

/// <summary>A note the memory tool keeps for a user.</summary>
public sealed record MemoryResponse(string UserId, string Key, string Value, DateTimeOffset UpdatedAt)
{
    public static MemoryResponse From(MemoryNote n) => new(n.UserId, n.Key, n.Value, n.UpdatedAt);
}

/// <summary>
/// The notes the <c>memory</c> tool writes. A caller sees and deletes its own; a tenant admin sees
/// every user's (<c>user_id</c> narrows the list) and deletes any user's with <c>user_id</c>.
/// </summary>
public static class MemoriesApi
{
    public static void MapMemories(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/memories").WithTags("Memories").RequireAuthorization(AuthPolicies.Authenticated)
            .RequireTenant("Memories belong to a tenant's users: use a tenant API key");

        group.MapGet("/", async ([AsParameters] PageQuery query, Caller caller, HttpContext http, IMemoryQueries store) =>
        {
            var page = query.Page;
            var named = http.Request.Query["user_id"].ToString() is { Length: > 0 } u ? u : null;
            // Another user's notes are simply not there for a non-admin: the filter is the caller itself.
            var user = caller.IsTenantAdmin ? named : caller.Subject;
            var rows = await store.PageAsync(caller.TenantId!, user, page.Limit + 1, page.Offset, http.RequestAborted);
            return TypedResults.Ok(ListResponse.Of(rows.Select(MemoryResponse.From).ToList(), page));
        }).WithName("ListMemories").WithSummary("The caller's memory notes (a tenant admin: every user's, or one user's with user_id)")
            .RequireScope("Listing memories needs the 'read' scope", Scopes.Read).WithValidation();

        group.MapDelete("/{key}", async Task<Results<NoContent, ApiErrorResult>> (string key, Caller caller, HttpContext http, IGrainFactory grains) =>
        {
            var named = http.Request.Query["user_id"].ToString() is { Length: > 0 } u ? u : null;
            var user = caller.IsTenantAdmin && named is not null ? named : caller.Subject;
            return await grains.GetGrain<IMemoryGrain>(MemoryKey.For(caller.TenantId!, user)).DeleteAsync(key)
                ? TypedResults.NoContent()
                : ApiError.NotFound($"No memory '{key}'");
        }).WithName("DeleteMemory").WithSummary("Forget one note (a tenant admin: any user's, with user_id)")
            .RequireScope("Deleting a memory needs the 'write' scope", Scopes.Write).ProducesErrors(StatusCodes.Status404NotFound);
    }
}
