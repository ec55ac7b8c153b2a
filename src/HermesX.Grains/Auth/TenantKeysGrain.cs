using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Spend;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Auth;

/// <summary>
/// Writes one tenant's API keys (key: tenant id). A revoked, rotated or changed key is dropped by its
/// <see cref="IApiKeyGrain"/>, and through it by every silo's cache, before the call returns.
/// </summary>
[GrainType("tenant-keys")]
public sealed class TenantKeysGrain(ApiKeyStore store, BootstrapStore bootstrap) : Grain, ITenantKeysGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    async Task<CreatedApiKey> ITenantKeysGrain.CreateAsync(string name, IReadOnlyList<string> roles, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt,
        IReadOnlyList<string>? models)
    {
        var (key, raw) = await store.CreateAsync(TenantId, name, roles, scopes, expiresAt, models);
        return new CreatedApiKey(key, raw);
    }

    async Task<ApiKeyRecord?> ITenantKeysGrain.SetModelsAsync(string keyId, IReadOnlyList<string>? models)
    {
        if (await store.SetModelsAsync(TenantId, keyId, models) is not { } row)
        {
            return null;
        }
        // Like a revocation: no silo may go on serving the key's previous list.
        await GrainFactory.GetGrain<IApiKeyGrain>(row.KeyHash).InvalidateAsync();
        return row.Key;
    }

    async Task<ApiKeyRecord?> ITenantKeysGrain.SetBudgetsAsync(string keyId, UsdBudgetChange? daily, UsdBudgetChange? monthly)
    {
        if (await store.SetBudgetsAsync(TenantId, keyId, daily, monthly) is not { } row)
        {
            return null;
        }
        // Every silo's copy of the key carries its budgets: none may go on serving the old ones.
        await GrainFactory.GetGrain<IApiKeyGrain>(row.KeyHash).InvalidateAsync();
        // A key without budgets is not counted as it runs: a new budget starts from the usage rows.
        await GrainFactory.GetGrain<ITenantSpendGrain>(TenantId).BudgetsChangedAsync();
        return row.Key;
    }

    async Task<bool> ITenantKeysGrain.RevokeAsync(string keyId)
    {
        if (await store.RevokeAsync(TenantId, keyId) is not { } hash)
        {
            return false;
        }
        await GrainFactory.GetGrain<IApiKeyGrain>(hash).InvalidateAsync();
        return true;
    }

    async Task<CreatedApiKey?> ITenantKeysGrain.RotateAsync(string keyId)
    {
        if (await store.RotateAsync(TenantId, keyId) is not { } rotated)
        {
            return null;
        }
        await GrainFactory.GetGrain<IApiKeyGrain>(rotated.OldHash).InvalidateAsync();
        return new CreatedApiKey(rotated.Key, rotated.RawKey);
    }

    async Task<CreatedApiKey?> ITenantKeysGrain.BootstrapAsync() =>
        await bootstrap.TryBootstrapAsync(TenantId) is { } minted ? new CreatedApiKey(minted.Key, minted.RawKey) : null;
}
