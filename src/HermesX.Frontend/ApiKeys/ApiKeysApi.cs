using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.ApiKeys;

/// <summary>
/// API keys. A tenant admin manages its own tenant's keys; the platform admin names the tenant
/// (<c>tenant_id</c> in the query or body, or the admin routes). Other roles get 403.
/// </summary>
public static class ApiKeysApi
{
    public static void MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/api-keys").WithTags("API keys").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapPost("/", (CreateApiKeyRequest body, HttpContext http, IGrainFactory g, ApiKeyStore s) =>
                TenantTarget.RunAsync(http, body.TenantId, t => CreateAsync(t, body, g, s)))
            .WithName("CreateApiKey").WithSummary("Create an API key (the raw key is returned once)").WithValidation();
        group.MapGet("/", (HttpContext http, ApiKeyStore s) => TenantTarget.RunAsync(http, http.Request.Query["tenant_id"], t => ListAsync(t, http, s)))
            .WithName("ListApiKeys").WithSummary("List API keys");
        group.MapDelete("/{id}", (string id, HttpContext http, IGrainFactory g, ApiKeyStore s) =>
                TenantTarget.RunAsync(http, http.Request.Query["tenant_id"], t => RevokeAsync(t, id, g, s)))
            .WithName("RevokeApiKey").WithSummary("Revoke an API key");
        group.MapPost("/{id}/rotate", (string id, HttpContext http, IGrainFactory g, ApiKeyStore s) =>
                TenantTarget.RunAsync(http, http.Request.Query["tenant_id"], t => RotateAsync(t, id, g, s)))
            .WithName("RotateApiKey").WithSummary("Replace an API key with a new one");

        var admin = routes.MapGroup("/admin/v1/tenants/{tenantId}/api-keys").WithTags("API keys (platform)")
            .RequireAuthorization(AuthPolicies.PlatformAdmin);
        admin.MapPost("/", (string tenantId, CreateApiKeyRequest body, IGrainFactory g, ApiKeyStore s) => CreateAsync(tenantId, body, g, s))
            .WithName("AdminCreateApiKey").WithValidation();
        admin.MapGet("/", (string tenantId, HttpContext http, ApiKeyStore s) => ListAsync(tenantId, http, s)).WithName("AdminListApiKeys");
        admin.MapDelete("/{id}", (string tenantId, string id, IGrainFactory g, ApiKeyStore s) => RevokeAsync(tenantId, id, g, s))
            .WithName("AdminRevokeApiKey");
        admin.MapPost("/{id}/rotate", (string tenantId, string id, IGrainFactory g, ApiKeyStore s) => RotateAsync(tenantId, id, g, s))
            .WithName("AdminRotateApiKey");
    }

    private static async Task<IResult> CreateAsync(string tenantId, CreateApiKeyRequest body, IGrainFactory grains, ApiKeyStore store)
    {
        if (await grains.GetGrain<ITenantGrain>(tenantId).GetAsync() is not { IsActive: true })
        {
            return ApiError.NotFound($"No active tenant '{tenantId}'");
        }
        var roles = body.Roles ?? [HermesRoles.User];
        var scopes = body.Scopes ?? HermesRoles.DefaultScopes(roles);
        var (key, raw) = await store.CreateAsync(tenantId, body.Name!.Trim(), roles, scopes, body.ExpiresAt);
        return TypedResults.Created($"/v1/api-keys/{key.Id}", CreatedApiKeyResponse.From(key, raw));
    }

    private static async Task<IResult> ListAsync(string tenantId, HttpContext http, ApiKeyStore store)
    {
        if (!Paging.TryParse(http.Request, out var page, out var error))
        {
            return error!;
        }
        var rows = await store.ListAsync(tenantId, page.Limit + 1, page.Offset);
        return TypedResults.Ok(ListResponse.Of(rows.Select(ApiKeyResponse.From).ToList(), page));
    }

    private static async Task<IResult> RevokeAsync(string tenantId, string id, IGrainFactory grains, ApiKeyStore store)
    {
        if (await store.RevokeAsync(tenantId, id) is not { } hash)
        {
            return ApiError.NotFound($"No active API key '{id}'");
        }
        await grains.GetGrain<IApiKeyGrain>(hash).InvalidateAsync();
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RotateAsync(string tenantId, string id, IGrainFactory grains, ApiKeyStore store)
    {
        if (await store.RotateAsync(tenantId, id) is not { } rotated)
        {
            return ApiError.NotFound($"No active API key '{id}'");
        }
        await grains.GetGrain<IApiKeyGrain>(rotated.OldHash).InvalidateAsync();
        return TypedResults.Created($"/v1/api-keys/{rotated.Key.Id}", CreatedApiKeyResponse.From(rotated.Key, rotated.RawKey));
    }
}
