namespace HermesX.Grains.Abstractions.Auth;

/// <summary>An API key as listed to its tenant (never the hash, never the raw key).</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ApiKeyRecord")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string Id, [property: Id(1)] string TenantId, [property: Id(2)] string Name, [property: Id(3)] string Prefix,
    [property: Id(4)] IReadOnlyList<string> Roles, [property: Id(5)] IReadOnlyList<string> Scopes,
    [property: Id(6)] DateTimeOffset? ExpiresAt, [property: Id(7)] DateTimeOffset? RevokedAt, [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] IReadOnlyList<string>? Models = null,
    [property: Id(10)] decimal? DailyBudgetUsd = null, [property: Id(11)] decimal? MonthlyBudgetUsd = null);

/// <summary>A key just minted or rotated: the only place its raw form ever appears.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.CreatedApiKey")]
public sealed record CreatedApiKey([property: Id(0)] ApiKeyRecord Key, [property: Id(1)] string RawKey);

/// <summary>
/// A key to mint: its name, roles, scopes and expiry, the models it may call (null: any the tenant may) and
/// its USD budgets (null: no limit of its own).
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.NewApiKey")]
public sealed record NewApiKey(
    [property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<string> Roles, [property: Id(2)] IReadOnlyList<string> Scopes,
    [property: Id(3)] DateTimeOffset? ExpiresAt, [property: Id(4)] IReadOnlyList<string>? Models = null,
    [property: Id(5)] decimal? DailyBudgetUsd = null, [property: Id(6)] decimal? MonthlyBudgetUsd = null);

/// <summary>Settings of a key a caller may change; a null change leaves that setting as it is.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ApiKeyChanges")]
public sealed record ApiKeyChanges(
    [property: Id(0)] Tenants.ModelsChange? Models = null,
    [property: Id(1)] Tenants.UsdBudgetChange? DailyBudgetUsd = null,
    [property: Id(2)] Tenants.UsdBudgetChange? MonthlyBudgetUsd = null)
{
    /// <summary>Whether the change sets or lifts a USD budget (the key's spend counters then start again from the usage rows).</summary>
    public bool ChangesBudgets => DailyBudgetUsd is not null || MonthlyBudgetUsd is not null;
}

/// <summary>What an API key looks like on the wire: <c>hk_</c> and 64 lowercase hex characters.</summary>
public static class ApiKeyFormat
{
    public static bool LooksLikeKey(string value) =>
        value.Length == 67 && value.StartsWith("hk_", StringComparison.Ordinal) && value.AsSpan(3).ContainsAnyExcept("0123456789abcdef") is false;
}

/// <summary>Reads of API keys and of the bootstrap marker, for listings.</summary>
public interface IApiKeyQueries
{
    Task<List<ApiKeyRecord>> ListAsync(string tenantId, int limit, int offset, CancellationToken ct = default);

    /// <summary>The key with this id in the tenant, revoked or not; null when there is none.</summary>
    Task<ApiKeyRecord?> GetAsync(string tenantId, string keyId, CancellationToken ct = default);

    /// <summary>When the one-time bootstrap ran; null while it has not.</summary>
    Task<DateTimeOffset?> BootstrapCompletedAtAsync(CancellationToken ct = default);
}

/// <summary>
/// The one writer of a tenant's API keys (key: tenant id). Revoking or rotating a key drops it from
/// every silo's cache before the call returns.
/// </summary>
[Alias("hermesx.ITenantKeysGrain")]
public interface ITenantKeysGrain : IGrainWithStringKey
{
    /// <summary>Mints a key with all its settings in one write, so no call of it runs without its limits.</summary>
    [Alias("CreateKey")]
    Task<CreatedApiKey> CreateAsync(NewApiKey key);

    /// <summary>
    /// Changes an active key's model allow-list and USD budgets in one write (a null change leaves that setting
    /// as it is); every silo drops its copy of the key before this returns. Null when the tenant has no active key with this id.
    /// </summary>
    [Alias("UpdateKey")]
    Task<ApiKeyRecord?> UpdateAsync(string keyId, ApiKeyChanges changes);

    /// <summary>False when the tenant has no active key with this id.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string keyId);

    /// <summary>Revokes the key and mints its replacement with the same name, roles, scopes and models; null when there is no active key with this id.</summary>
    [Alias("Rotate")]
    Task<CreatedApiKey?> RotateAsync(string keyId);

    /// <summary>Mints the first admin key of this (the default) tenant, once per deployment; null once it has run.</summary>
    [Alias("Bootstrap")]
    Task<CreatedApiKey?> BootstrapAsync();
}
