using HermesX.Frontend.ApiKeys;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Tenants;
using HermesX.Grains.Abstractions.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Frontend.Bootstrap;

public sealed record BootstrapStatusResponse(bool Bootstrapped, DateTimeOffset? CompletedAt);

public sealed record BootstrapResponse(string TenantId, CreatedApiKeyResponse ApiKey);

/// <summary>First-run: with the platform token, create the default tenant and mint its first admin key, once.</summary>
public static class BootstrapApi
{
    public static void MapBootstrap(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/v1/bootstrap").WithTags("Bootstrap");
        group.MapGet("/status", async (IApiKeyQueries store) =>
                await store.BootstrapCompletedAtAsync() is { } at
                    ? TypedResults.Ok(new BootstrapStatusResponse(true, at))
                    : TypedResults.Ok(new BootstrapStatusResponse(false, null)))
            .AllowAnonymous().WithName("BootstrapStatus").WithSummary("Whether the first admin key was minted");
        group.MapPost("/", BootstrapAsync).RequirePolicy(AuthPolicies.PlatformAdmin, $"Bootstrap needs the platform admin token ({PolicyRefusal.PlatformToken})")
            .WithName("Bootstrap").WithSummary("Create the default tenant and its first admin key (once)").ProducesErrors(StatusCodes.Status409Conflict);
    }

    /// <summary>A second bootstrap conflicts with the first, which already happened: the caller is allowed, the state is not.</summary>
    private static ApiErrorResult AlreadyBootstrapped() =>
        ApiError.Create(StatusCodes.Status409Conflict, "Bootstrap already ran; create further keys with an admin key", "already_bootstrapped");

    private static async Task<Results<Created<BootstrapResponse>, ApiErrorResult>> BootstrapAsync(IGrainFactory grains, IApiKeyQueries store, TenantProvisioning provisioning)
    {
        if (await store.BootstrapCompletedAtAsync() is not null)
        {
            return AlreadyBootstrapped();
        }
        var tenant = grains.GetGrain<ITenantGrain>(DefaultTenant.Id);
        if (await tenant.GetAsync() is null && await tenant.CreateAsync(new TenantChanges(DefaultTenant.Name, TenantPlans.Enterprise, null, null, "{}")) is { } created)
        {
            await provisioning.ProvisionAsync(created.Id);
        }
        if (await grains.GetGrain<ITenantKeysGrain>(DefaultTenant.Id).BootstrapAsync() is not { } minted)
        {
            return AlreadyBootstrapped();
        }
        return TypedResults.Created("/v1/api-keys/" + minted.Key.Id,
            new BootstrapResponse(DefaultTenant.Id, CreatedApiKeyResponse.From(minted.Key, minted.RawKey)));
    }
}
