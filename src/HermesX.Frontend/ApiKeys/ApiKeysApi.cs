using HermesX.Frontend.Gate;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
        var group = routes.MapGroup("/v1/api-keys").WithTags("API keys").RequirePolicy(AuthPolicies.TenantAdmin, $"Managing API keys needs the tenant 'admin' role (with the '{Scopes.KeyWrite}' scope), or the platform admin token ({PolicyRefusal.PlatformToken})");
        group.MapPost("/", (CreateApiKeyRequest body, Caller caller, IGrainFactory g, IApiKeyQueries s) =>
                TenantTarget.RunAsync(caller, body.TenantId, t => CreateAsync(t, body, caller, g, s)))
            .WithName("CreateApiKey").WithSummary("Create an API key (the raw key is returned once)").WithValidation().RequireScope(KeyWriteRefusal, Scopes.KeyWrite)
            .ProducesErrors(NotFound);
        group.MapGet("/", ([AsParameters] PageQuery query, Caller caller, HttpContext http, IApiKeyQueries s) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => ListAsync(t, query, s)))
            .WithName("ListApiKeys").WithSummary("List API keys").WithValidation().ProducesErrors(NotFound);
        group.MapDelete("/{id}", (string id, Caller caller, HttpContext http, IGrainFactory g) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => RevokeAsync(t, id, g)))
            .WithName("RevokeApiKey").WithSummary("Revoke an API key").RequireScope(KeyWriteRefusal, Scopes.KeyWrite).ProducesErrors(NotFound);
        group.MapPatch("/{id}", (string id, UpdateApiKeyRequest body, Caller caller, HttpContext http, IGrainFactory g) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => UpdateAsync(t, id, body, caller, g)))
            .WithName("UpdateApiKey").WithSummary("Change the models an API key may call").WithValidation().RequireScope(KeyWriteRefusal, Scopes.KeyWrite)
            .ProducesErrors(NotFound);
        group.MapPost("/{id}/rotate", (string id, Caller caller, HttpContext http, IGrainFactory g, IApiKeyQueries s) =>
                TenantTarget.RunAsync(caller, http.Request.Query["tenant_id"], t => RotateAsync(t, id, caller, g, s)))
            .WithName("RotateApiKey").WithSummary("Replace an API key with a new one").RequireScope(KeyWriteRefusal, Scopes.KeyWrite).ProducesErrors(NotFound);

        var admin = routes.MapGroup("/admin/v1/tenants/{tenantId}/api-keys").WithTags("API keys (platform)")
            .RequirePolicy(AuthPolicies.PlatformAdmin, $"Any tenant's keys are managed by the platform admin ({PolicyRefusal.PlatformToken}); a tenant admin uses /v1/api-keys")
            .WithTenantRoute("tenantId");
        admin.MapPost("/", (string tenantId, CreateApiKeyRequest body, Caller caller, IGrainFactory g, IApiKeyQueries s) =>
                CreateAsync(tenantId, body, caller, g, s))
            .WithName("AdminCreateApiKey").WithSummary("Create an API key of a tenant (the raw key is returned once)").WithValidation();
        admin.MapGet("/", (string tenantId, [AsParameters] PageQuery query, IApiKeyQueries s) => ListAsync(tenantId, query, s))
            .WithName("AdminListApiKeys").WithSummary("List a tenant's API keys").WithValidation();
        admin.MapDelete("/{id}", (string tenantId, string id, IGrainFactory g) => RevokeAsync(tenantId, id, g))
            .WithName("AdminRevokeApiKey").WithSummary("Revoke an API key of a tenant");
        admin.MapPatch("/{id}", (string tenantId, string id, UpdateApiKeyRequest body, Caller caller, IGrainFactory g) =>
                UpdateAsync(tenantId, id, body, caller, g))
            .WithName("AdminUpdateApiKey").WithSummary("Change the models an API key of a tenant may call").WithValidation();
        admin.MapPost("/{id}/rotate", (string tenantId, string id, Caller caller, IGrainFactory g, IApiKeyQueries s) =>
                RotateAsync(tenantId, id, caller, g, s))
            .WithName("AdminRotateApiKey").WithSummary("Replace an API key of a tenant with a new one");
    }

    private const int NotFound = StatusCodes.Status404NotFound;

    /// <summary>The platform token holds every scope, so it passes without naming a tenant here (TenantTarget asks for one).</summary>
    private const string KeyWriteRefusal = $"Managing API keys needs the '{Scopes.KeyWrite}' scope";

    private static async Task<Results<Created<CreatedApiKeyResponse>, ApiErrorResult>> CreateAsync(string tenantId, CreateApiKeyRequest body, Caller caller, IGrainFactory grains, IApiKeyQueries store)
    {
        var roles = body.Roles ?? [HermesRoles.User];
        var scopes = KeyPowers.ScopesFor(roles, body.Scopes);
        var models = ModelsField.Read(body.Models);
        try
        {
            KeyPowers.EnsureWithin(caller, roles, scopes, "create");
            KeyPowers.EnsureModelsWithin(caller, models, "create");
            // A new key without a field has no such limit: given as null.
            KeyPowers.EnsureBudgetsWithin(caller, (true, BudgetField.Change(body.DailyBudgetUsd)?.Usd), (true, BudgetField.Change(body.MonthlyBudgetUsd)?.Usd), "create");
        }
        catch (KeyPowersExceededException e)
        {
            return ApiError.Forbidden(e.Message);
        }
        if (await grains.GetGrain<ITenantGrain>(tenantId).GetAsync() is not { IsActive: true })
        {
            return ApiError.NotFound($"No active tenant '{tenantId}'");
        }
        var keysGrain = grains.GetGrain<ITenantKeysGrain>(tenantId);
        var created = await keysGrain.CreateAsync(body.Name!.Trim(), roles, scopes, body.ExpiresAt, models);
        if (BudgetField.Change(body.DailyBudgetUsd) is var day && BudgetField.Change(body.MonthlyBudgetUsd) is var month && (day ?? month) is not null)
        {
            // Set before the raw key is shown, so no call of the key runs without them.
            created = created with { Key = await keysGrain.SetBudgetsAsync(created.Key.Id, day, month) ?? created.Key };
        }
        return TypedResults.Created($"/v1/api-keys/{created.Key.Id}", CreatedApiKeyResponse.From(created.Key, created.RawKey));
    }

    private static async Task<Results<Ok<ListResponse<ApiKeyResponse>>, ApiErrorResult>> ListAsync(string tenantId, PageQuery query, IApiKeyQueries store)
    {
        var page = query.Page;
        var rows = await store.ListAsync(tenantId, page.Limit + 1, page.Offset);
        return TypedResults.Ok(ListResponse.Of(rows.Select(ApiKeyResponse.From).ToList(), page));
    }

    private static async Task<Results<NoContent, ApiErrorResult>> RevokeAsync(string tenantId, string id, IGrainFactory grains) =>
        await grains.GetGrain<ITenantKeysGrain>(tenantId).RevokeAsync(id)
            ? TypedResults.NoContent()
            : ApiError.NotFound($"No active API key '{id}'");

    private static async Task<Results<Ok<ApiKeyResponse>, ApiErrorResult>> UpdateAsync(string tenantId, string id, UpdateApiKeyRequest body, Caller caller, IGrainFactory grains)
    {
        var models = ModelsField.Read(body.Models);
        try
        {
            if (ModelsField.IsGiven(body.Models))
            {
                KeyPowers.EnsureModelsWithin(caller, models, "set");
            }
            KeyPowers.EnsureBudgetsWithin(caller, (BudgetField.IsGiven(body.DailyBudgetUsd), BudgetField.Change(body.DailyBudgetUsd)?.Usd),
                (BudgetField.IsGiven(body.MonthlyBudgetUsd), BudgetField.Change(body.MonthlyBudgetUsd)?.Usd), "set");
        }
        catch (KeyPowersExceededException e)
        {
            return ApiError.Forbidden(e.Message);
        }
        var keys = grains.GetGrain<ITenantKeysGrain>(tenantId);
        var key = ModelsField.IsGiven(body.Models) ? await keys.SetModelsAsync(id, models) : null;
        if (body.ChangesBudgets() && (key is not null || !ModelsField.IsGiven(body.Models)))
        {
            key = await keys.SetBudgetsAsync(id, BudgetField.Change(body.DailyBudgetUsd), BudgetField.Change(body.MonthlyBudgetUsd));
        }
        return key is not null
            ? TypedResults.Ok(ApiKeyResponse.From(key))
            : ApiError.NotFound($"No active API key '{id}'");
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ApiErrorResult>> RotateAsync(string tenantId, string id, Caller caller, IGrainFactory grains, IApiKeyQueries store)
    {
        // A key's roles and scopes never change, so checking them before the rotation is as good as inside it.
        if (await store.GetAsync(tenantId, id) is not { RevokedAt: null } old)
        {
            return ApiError.NotFound($"No active API key '{id}'");
        }
        try
        {
            KeyPowers.EnsureWithin(caller, old.Roles, old.Scopes, "rotate");
            KeyPowers.EnsureModelsWithin(caller, old.Models, "rotate");
            KeyPowers.EnsureBudgetsWithin(caller, (true, old.DailyBudgetUsd), (true, old.MonthlyBudgetUsd), "rotate");
        }
        catch (KeyPowersExceededException e)
        {
            return ApiError.Forbidden(e.Message);
        }
        return await grains.GetGrain<ITenantKeysGrain>(tenantId).RotateAsync(id) is { } rotated
            ? TypedResults.Created($"/v1/api-keys/{rotated.Key.Id}", CreatedApiKeyResponse.From(rotated.Key, rotated.RawKey))
            : ApiError.NotFound($"No active API key '{id}'");
    }
}
