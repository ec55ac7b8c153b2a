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
                TenantTarget.RunAsync(http, body.TenantId, t => CreateAsync(t, body, Caller.From(http.User), g, s)))
            .WithName("CreateApiKey").WithSummary("Create an API key (the raw key is returned once)").WithValidation().RequireScope(KeyWriteRefusal, Scopes.KeyWrite);
        group.MapGet("/", (HttpContext http, ApiKeyStore s) => TenantTarget.RunAsync(http, http.Request.Query["tenant_id"], t => ListAsync(t, http, s)))
            .WithName("ListApiKeys").WithSummary("List API keys");
        group.MapDelete("/{id}", (string id, HttpContext http, IGrainFactory g, ApiKeyStore s) =>
                TenantTarget.RunAsync(http, http.Request.Query["tenant_id"], t => RevokeAsync(t, id, g, s)))
            .WithName("RevokeApiKey").WithSummary("Revoke an API key").RequireScope(KeyWriteRefusal, Scopes.KeyWrite);
        group.MapPost("/{id}/rotate", (string id, HttpContext http, IGrainFactory g, ApiKeyStore s) =>
                TenantTarget.RunAsync(http, http.Request.Query["tenant_id"], t => RotateAsync(t, id, Caller.From(http.User), g, s)))
            .WithName("RotateApiKey").WithSummary("Replace an API key with a new one").RequireScope(KeyWriteRefusal, Scopes.KeyWrite);

        var admin = routes.MapGroup("/admin/v1/tenants/{tenantId}/api-keys").WithTags("API keys (platform)")
            .RequireAuthorization(AuthPolicies.PlatformAdmin).WithTenantRoute("tenantId");
        admin.MapPost("/", (string tenantId, CreateApiKeyRequest body, HttpContext http, IGrainFactory g, ApiKeyStore s) =>
                CreateAsync(tenantId, body, Caller.From(http.User), g, s))
            .WithName("AdminCreateApiKey").WithValidation();
        admin.MapGet("/", (string tenantId, HttpContext http, ApiKeyStore s) => ListAsync(tenantId, http, s)).WithName("AdminListApiKeys");
        admin.MapDelete("/{id}", (string tenantId, string id, IGrainFactory g, ApiKeyStore s) => RevokeAsync(tenantId, id, g, s))
            .WithName("AdminRevokeApiKey");
        admin.MapPost("/{id}/rotate", (string tenantId, string id, HttpContext http, IGrainFactory g, ApiKeyStore s) =>
                RotateAsync(tenantId, id, Caller.From(http.User), g, s))
            .WithName("AdminRotateApiKey");
    }

    /// <summary>The platform token holds every scope, so it passes without naming a tenant here (TenantTarget asks for one).</summary>
    private const string KeyWriteRefusal = $"Managing API keys needs the '{Scopes.KeyWrite}' scope";

    private static async Task<IResult> CreateAsync(string tenantId, CreateApiKeyRequest body, Caller caller, IGrainFactory grains, ApiKeyStore store)
    {
        var roles = body.Roles ?? [HermesRoles.User];
        var scopes = KeyPowers.ScopesFor(roles, body.Scopes);
        try
        {
            KeyPowers.EnsureWithin(caller, roles, scopes, "create");
        }
        catch (KeyPowersExceededException e)
        {
            return ApiError.Forbidden(e.Message);
        }
        if (await grains.GetGrain<ITenantGrain>(tenantId).GetAsync() is not { IsActive: true })
        {
            return ApiError.NotFound($"No active tenant '{tenantId}'");
        }
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

    private static async Task<IResult> RotateAsync(string tenantId, string id, Caller caller, IGrainFactory grains, ApiKeyStore store)
    {
        (ApiKeyRecord Key, string RawKey, string OldHash)? result;
        try
        {
            result = await store.RotateAsync(tenantId, id, old => KeyPowers.EnsureWithin(caller, old.Roles, old.Scopes, "rotate"));
        }
        catch (KeyPowersExceededException e)
        {
            return ApiError.Forbidden(e.Message);
        }
        if (result is not { } rotated)
        {
            return ApiError.NotFound($"No active API key '{id}'");
        }
        await grains.GetGrain<IApiKeyGrain>(rotated.OldHash).InvalidateAsync();
        return TypedResults.Created($"/v1/api-keys/{rotated.Key.Id}", CreatedApiKeyResponse.From(rotated.Key, rotated.RawKey));
    }
}
