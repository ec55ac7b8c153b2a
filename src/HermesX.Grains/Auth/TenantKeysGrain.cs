using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Spend;

namespace HermesX.Grains.Auth;

/// <summary>
/// Writes one tenant's API keys (key: tenant id). A revoked, rotated or changed key is dropped by its
/// <see cref="IApiKeyGrain"/>, and through it by every silo's cache, before the call returns.
/// </summary>
[GrainType("tenant-keys")]
public sealed class TenantKeysGrain(ApiKeyStore store, BootstrapStore bootstrap) : Grain, ITenantKeysGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    async Task<CreatedApiKey> ITenantKeysGrain.CreateAsync(NewApiKey key)
    {
        var (record, raw) = await store.CreateAsync(TenantId, key);
        return new CreatedApiKey(record, raw);
    }

    async Task<ApiKeyRecord?> ITenantKeysGrain.UpdateAsync(string keyId, ApiKeyChanges changes)
    {
        if (await store.UpdateAsync(TenantId, keyId, changes) is not { } row)
        {
            return null;
        }
        // Like a revocation: every silo's copy carries the key's list and budgets, and none may go on serving the old ones.
        await GrainFactory.GetGrain<IApiKeyGrain>(row.KeyHash).InvalidateAsync();
        if (changes.ChangesBudgets)
        {
            // A key without budgets is not counted as it runs: a new budget starts from the usage rows.
            await GrainFactory.GetGrain<ITenantSpendGrain>(TenantId).KeyBudgetsChangedAsync(keyId);
        }
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
