using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Tenants;

/// <summary>
/// Tenant management, platform admin only. Delete is soft: keys stop working at once and the tenant
/// is purged after the grace period (HERMES_GDPR_GRACE_DAYS) unless restored before.
/// </summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenants(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tenants").WithTags("Tenants").RequirePolicy(AuthPolicies.PlatformAdmin, $"Tenants are managed by the platform admin ({PolicyRefusal.PlatformToken})")
            .WithTenantRoute("id");

        group.MapPost("/", CreateAsync).WithName("CreateTenant").WithSummary("Create a tenant").WithValidation().ProducesErrors(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync).WithName("ListTenants").WithSummary("List tenants (q: part of the id or name; include_deleted)").WithValidation();
        group.MapGet("/{id}", GetAsync).WithName("GetTenant").WithSummary("Get a tenant");
        group.MapPut("/{id}", (string id, UpdateTenantRequest body, IGrainFactory grains) =>
                body.Name is null || body.Plan is null
                    ? Task.FromResult<Results<Ok<TenantResponse>, ApiErrorResult>>(
                        ApiError.BadRequest("PUT replaces the tenant: 'name' and 'plan' are required", body.Name is null ? "name" : "plan"))
                    : UpdateAsync(id, body, grains))
            .WithName("ReplaceTenant").WithSummary("Replace a tenant's settings").WithValidation();
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateTenant").WithSummary("Change some of a tenant's settings").WithValidation();
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteTenant").WithSummary("Soft-delete a tenant; purged after the grace period");
        group.MapPost("/{id}/restore", RestoreAsync).WithName("RestoreTenant").WithSummary("Restore a deleted tenant before its purge")
            .ProducesErrors(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Created<TenantResponse>, ApiErrorResult>> CreateAsync(CreateTenantRequest body, IGrainFactory grains, TenantProvisioning provisioning)
    {
        var id = body.Id ?? Guid.NewGuid().ToString();
        var created = await grains.GetGrain<ITenantGrain>(id).CreateAsync(body.ToSettings());
        if (created is null)
        {
            return ApiError.Conflict($"A tenant with id '{id}' already exists");
        }
        await provisioning.ProvisionAsync(created.Id);
        return TypedResults.Created($"/v1/tenants/{created.Id}", TenantResponse.From(created));
    }

    private static async Task<Results<Ok<ListResponse<TenantResponse>>, ApiErrorResult>> ListAsync([AsParameters] PageQuery query, HttpRequest request, ITenantQueries store)
    {
        var page = query.Page;
        var includeDeleted = request.Query["include_deleted"] == "true";
        var search = request.Query["q"].ToString().Trim();
        if (search.Length > 200)
        {
            return ApiError.BadRequest("'q' must be at most 200 characters", "q");
        }
        var rows = await store.ListAsync(page.Limit + 1, page.Offset, includeDeleted, search.Length > 0 ? search : null);
        return TypedResults.Ok(ListResponse.Of(rows.Select(TenantResponse.From).ToList(), page));
    }

    private static async Task<Results<Ok<TenantResponse>, ApiErrorResult>> GetAsync(string id, IGrainFactory grains) =>
        await grains.GetGrain<ITenantGrain>(id).GetAsync() is { } t
            ? TypedResults.Ok(TenantResponse.From(t))
            : ApiError.NotFound($"No tenant '{id}'");

    private static async Task<Results<Ok<TenantResponse>, ApiErrorResult>> UpdateAsync(string id, UpdateTenantRequest body, IGrainFactory grains) =>
        await grains.GetGrain<ITenantGrain>(id).UpdateAsync(body.ToChanges()) is { } t
            ? TypedResults.Ok(TenantResponse.From(t))
            : ApiError.NotFound($"No active tenant '{id}'");

    private static async Task<Results<NoContent, ApiErrorResult>> DeleteAsync(string id, IGrainFactory grains) =>
        await grains.GetGrain<ITenantGrain>(id).DeleteAsync() is not null
            ? TypedResults.NoContent()
            : ApiError.NotFound($"No active tenant '{id}'");

    private static async Task<Results<Ok<TenantResponse>, ApiErrorResult>> RestoreAsync(string id, IGrainFactory grains)
    {
        var grain = grains.GetGrain<ITenantGrain>(id);
        if (await grain.RestoreAsync() is { } restored)
        {
            return TypedResults.Ok(TenantResponse.From(restored));
        }
        return await grain.GetAsync() is null
            ? ApiError.NotFound($"No tenant '{id}'")
            : ApiError.Conflict($"Tenant '{id}' is not deleted");
    }
}
