using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Abstractions.Caching;

/// <summary>
/// This silo's copy of what every request reads: API key resolutions, tenant records and each
/// tenant's skill index (what every turn's system prompt lists). The owning grains
/// (<see cref="IApiKeyGrain"/>, <see cref="ITenantGrain"/>, <see cref="Skills.ISkillIndexGrain"/>) push
/// every change to every silo before the change is acknowledged, so a warm request makes no grain
/// call and a revoked key or a deleted tenant is refused everywhere from the next request on.
/// </summary>
public interface ISiloCache
{
    /// <summary>The tenant as its grain last said, or null when it does not exist.</summary>
    ValueTask<TenantRecord?> GetTenantAsync(string tenantId);

    /// <summary>The key's principal (key: SHA-256 hex of the raw key), or null when unknown, revoked, expired or its tenant is gone.</summary>
    ValueTask<ApiKeyPrincipal?> ResolveKeyAsync(string keyHash);

    /// <summary>The tenant's persona and skills as its index grain last loaded them.</summary>
    ValueTask<Skills.SkillIndex?> GetSkillIndexAsync(string tenantId);
}
