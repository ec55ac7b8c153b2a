using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Caching;

namespace HermesX.Grains.Auth;

/// <summary>
/// Owns one key's resolution for the whole cluster (key: SHA-256 hex of the raw key); silos keep
/// copies (<see cref="SiloCache"/>) that an invalidation drops everywhere before it returns.
/// </summary>
[GrainType("apikey")]
public sealed class ApiKeyGrain(ApiKeyStore store, SiloCachePush push, TimeProvider time) : Grain, IApiKeyGrain
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
        return new ApiKeyPrincipal(key.Id, key.TenantId, key.Name, key.Roles, key.Scopes, key.ExpiresAt, !tenant.IsActive, key.Models,
            key.DailyBudgetUsd, key.MonthlyBudgetUsd);
    }

    async Task IApiKeyGrain.InvalidateAsync()
    {
        _row = null;
        _loaded = false;
        await push.KeyChangedAsync(this.GetPrimaryKeyString());
    }
}
