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
    /// <summary>Mints a key; <paramref name="models"/> limits the models it may call (null: any the tenant may).</summary>
    [Alias("Create")]
    Task<CreatedApiKey> CreateAsync(string name, IReadOnlyList<string> roles, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt,
        IReadOnlyList<string>? models);

    /// <summary>
    /// Sets the models an active key may call (null: no limit of its own); every silo drops its copy of the
    /// key before this returns. Null when the tenant has no active key with this id.
    /// </summary>
    [Alias("SetModels")]
    Task<ApiKeyRecord?> SetModelsAsync(string keyId, IReadOnlyList<string>? models);

    /// <summary>
    /// Sets or lifts an active key's USD budgets (a null change leaves that budget as it is); every silo
    /// drops its copy of the key before this returns. Null when the tenant has no active key with this id.
    /// </summary>
    [Alias("SetBudgets")]
    Task<ApiKeyRecord?> SetBudgetsAsync(string keyId, Tenants.UsdBudgetChange? daily, Tenants.UsdBudgetChange? monthly);

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
