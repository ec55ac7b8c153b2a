using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Auth;

/// <summary>Caches one key's resolution for the whole cluster (key: SHA-256 hex of the raw key).</summary>
[GrainType("apikey")]
public sealed class ApiKeyGrain(ApiKeyStore store, TimeProvider time) : Grain, IApiKeyGrain
{
    private ApiKeyRow? _row;
    private bool _loaded;

    async Task<ApiKeyPrincipal?> IApiKeyGrain.ResolveAsync()
    {
        if (!_loaded)
        {
            _row = await store.FindByHashAsync(this.GetPrimaryKeyString());
            _loaded = true;
        }
        if (_row is not { } row || row.Key.RevokedAt is not null)
        {
            return null;
        }
        var key = row.Key;
        if (key.ExpiresAt is { } exp && exp <= time.GetUtcNow())
        {
            return null;
        }
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(key.TenantId).GetAsync();
        if (tenant is null)
        {
            return null;
        }
        return new ApiKeyPrincipal(key.Id, key.TenantId, key.Name, key.Roles, key.Scopes, key.ExpiresAt, !tenant.IsActive);
    }

    Task IApiKeyGrain.InvalidateAsync()
    {
        _row = null;
        _loaded = false;
        return Task.CompletedTask;
    }
}
