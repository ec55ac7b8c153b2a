using System.Text.Json.Nodes;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Grains.Abstractions.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Frontend.Gdpr;

/// <summary>
/// A tenant's rights over its data: export everything, delete (soft, purged after the grace period),
/// restore before the purge, and the deletion status. Tenant admins act on their own tenant (and
/// may still reach these endpoints while it awaits purge); the platform admin names one with
/// <c>tenant_id</c>.
/// </summary>
public static class GdprApi
{
    public const string Active = "active";
    public const string PendingDeletion = "pending_deletion";

    public static void MapGdpr(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/gdpr").WithTags("GDPR").RequirePolicy(AuthPolicies.TenantAdmin, $"Data rights requests need the tenant 'admin' role, or the platform admin token ({PolicyRefusal.PlatformToken})");

        group.MapGet("/status", (Caller caller, HttpContext http, IGrainFactory grains) =>
                TenantTarget.RunAsync<Ok<GdprStatus>>(caller, http.Request.Query["tenant_id"], async tenant =>
                    await grains.GetGrain<ITenantGrain>(tenant).GetAsync() is { } t
                        ? TypedResults.Ok(Status(t))
                        : ApiError.NotFound($"No tenant '{tenant}'")))
            .ProducesErrors(NotFound).WithName("GetGdprStatus").WithSummary("Whether the tenant is active or awaits its purge, and when");

        group.MapDelete("/data", (Caller caller, HttpContext http, IGrainFactory grains, GovernanceOptions governance) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], tenant => DeleteAsync(http, tenant, grains, governance)))
            .ProducesErrors(NotFound, StatusCodes.Status409Conflict).WithName("DeleteGdprData").WithSummary("Delete all of the tenant's data after the grace period (confirm=<tenant id>)");

        group.MapPost("/restore", (Caller caller, HttpContext http, IGrainFactory grains) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], tenant => RestoreAsync(tenant, grains)))
            .ProducesErrors(NotFound, StatusCodes.Status409Conflict).WithName("RestoreGdprData").WithSummary("Cancel a pending deletion");

        group.MapGet("/export", (Caller caller, HttpContext http, IGrainFactory grains, ITenantQueries tenants) =>
                TenantTarget.RunAsync<PushStreamHttpResult>(caller, http.Request.Query["tenant_id"], async tenant =>
                    await grains.GetGrain<ITenantGrain>(tenant).GetAsync() is null
                        ? ApiError.NotFound($"No tenant '{tenant}'")
                        : TypedResults.Stream(body => tenants.ExportAsync(tenant, body, http.RequestAborted),
                            "application/json", $"hermesx-export-{tenant}.json")))
            // Streamed as it is read, so the document is described as a JSON object, not a record type.
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json").ProducesErrors(NotFound).WithName("ExportGdprData").WithSummary("Everything the tenant has, as one streamed JSON document");
    }

    private const int NotFound = StatusCodes.Status404NotFound;

    private static async Task<Results<Accepted<GdprStatus>, ApiErrorResult>> DeleteAsync(HttpContext http, string tenant, IGrainFactory grains, GovernanceOptions governance)
    {
        // Deleting everything is not something a stray request should do: the caller repeats the id.
        if (http.Request.Query["confirm"].ToString() != tenant)
        {
            return ApiError.BadRequest($"Deleting all data needs 'confirm={tenant}' (the tenant id) in the query", "confirm", "confirmation_required");
        }
        var grain = grains.GetGrain<ITenantGrain>(tenant);
        if (await grain.DeleteAsync() is { } deleted)
        {
            return TypedResults.Accepted((string?)null, Status(deleted) with { GracePeriodDays = governance.GdprGraceDays, Restore = "POST /v1/gdpr/restore" });
        }
        return await grain.GetAsync() is null
            ? ApiError.NotFound($"No tenant '{tenant}'")
            : ApiError.Conflict($"Tenant '{tenant}' is already awaiting deletion");
    }

    private static async Task<Results<Ok<GdprStatus>, ApiErrorResult>> RestoreAsync(string tenant, IGrainFactory grains)
    {
        var grain = grains.GetGrain<ITenantGrain>(tenant);
        if (await grain.RestoreAsync() is { } restored)
        {
            return TypedResults.Ok(Status(restored));
        }
        return await grain.GetAsync() is null
            ? ApiError.NotFound($"No tenant '{tenant}'")
            : ApiError.Conflict($"Tenant '{tenant}' is not awaiting deletion");
    }

    private static GdprStatus Status(TenantRecord t) =>
        new(t.Id, t.IsActive ? Active : PendingDeletion, t.DeletedAt, t.PurgeAfter);
}

public sealed record GdprStatus(string TenantId, string Status, DateTimeOffset? DeletedAt, DateTimeOffset? PurgeAfter,
    int? GracePeriodDays = null, string? Restore = null);
