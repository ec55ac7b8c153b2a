using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Abstractions.Caching;

/// <summary>
/// This silo's copy of what every request reads: API key resolutions and tenant records. The owning
/// grains (<see cref="IApiKeyGrain"/>, <see cref="ITenantGrain"/>) push every change to every silo
/// before the change is acknowledged, so a warm request makes no grain call and a revoked key or a
/// deleted tenant is refused everywhere from the next request on.
/// </summary>
public interface ISiloCache
{
    /// <summary>The tenant as its grain last said, or null when it does not exist.</summary>
    ValueTask<TenantRecord?> GetTenantAsync(string tenantId);

    /// <summary>The key's principal (key: SHA-256 hex of the raw key), or null when unknown, revoked, expired or its tenant is gone.</summary>
    ValueTask<ApiKeyPrincipal?> ResolveKeyAsync(string keyHash);
}
