namespace HermesX.Grains.Abstractions.Auth;

/// <summary>
/// What a valid API key stands for. <see cref="TenantDeleted"/>: the tenant is soft-deleted and
/// awaits its purge; such a key is refused everywhere except the few deletion endpoints.
/// <see cref="Models"/>: the models the key may call (<see cref="Llm.ModelAllowList"/>), null for any;
/// <see cref="DailyBudgetUsd"/>, <see cref="MonthlyBudgetUsd"/>: what its turns may spend, null for no limit.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.ApiKeyPrincipal")]
public sealed record ApiKeyPrincipal(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Name,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] IReadOnlyList<string> Scopes,
    [property: Id(5)] DateTimeOffset? ExpiresAt,
    [property: Id(6)] bool TenantDeleted = false,
    [property: Id(7)] IReadOnlyList<string>? Models = null,
    [property: Id(8)] decimal? DailyBudgetUsd = null,
    [property: Id(9)] decimal? MonthlyBudgetUsd = null);
