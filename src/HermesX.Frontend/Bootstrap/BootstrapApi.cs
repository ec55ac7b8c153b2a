using HermesX.Frontend.ApiKeys;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Tenants;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Bootstrap;

public sealed record BootstrapStatusResponse(bool Bootstrapped, DateTimeOffset? CompletedAt);

public sealed record BootstrapResponse(string TenantId, CreatedApiKeyResponse ApiKey);

/// <summary>First-run: with the platform token, create the default tenant and mint its first admin key, once.</summary>
public static class BootstrapApi
{
    public static void MapBootstrap(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/v1/bootstrap").WithTags("Bootstrap");
        group.MapGet("/status", async (BootstrapStore store) =>
                await store.CompletedAtAsync() is { } at
                    ? TypedResults.Ok(new BootstrapStatusResponse(true, at))
                    : TypedResults.Ok(new BootstrapStatusResponse(false, null)))
            .AllowAnonymous().WithName("BootstrapStatus").WithSummary("Whether the first admin key was minted");
        group.MapPost("/", BootstrapAsync).RequireAuthorization(AuthPolicies.PlatformAdmin)
            .WithName("Bootstrap").WithSummary("Create the default tenant and its first admin key (once)");
    }

    private static async Task<IResult> BootstrapAsync(IGrainFactory grains, BootstrapStore store, TenantProvisioning provisioning)
    {
        if (await store.CompletedAtAsync() is not null)
        {
            return ApiError.Forbidden("Bootstrap already ran; create further keys with an admin key");
        }
        var tenant = grains.GetGrain<ITenantGrain>(DefaultTenant.Id);
        if (await tenant.GetAsync() is null && await tenant.CreateAsync(DefaultTenant.Name, TenantPlans.Enterprise, null, null, "{}") is { } created)
        {
            await provisioning.ProvisionAsync(created.Id);
        }
        if (await store.TryBootstrapAsync(DefaultTenant.Id) is not { } minted)
        {
            return ApiError.Forbidden("Bootstrap already ran; create further keys with an admin key");
        }
        return TypedResults.Created("/v1/api-keys/" + minted.Key.Id,
            new BootstrapResponse(DefaultTenant.Id, CreatedApiKeyResponse.From(minted.Key, minted.RawKey)));
    }
}
