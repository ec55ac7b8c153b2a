using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Auth;

/// <summary>
/// What an endpoint asks of its caller before its handler runs: a tenant (the platform token has
/// none), and one of some scopes or roles. Kept as endpoint metadata so the gates can be listed and
/// checked; <see cref="TenantGateFilter"/> enforces it.
/// </summary>
public sealed record TenantGate
{
    /// <summary>The 403 message for a caller without a tenant; null when the gate does not ask for one.</summary>
    public string? TenantRefusal { get; init; }

    /// <summary>The caller passes holding any one of these scopes or any one of <see cref="AnyRole"/>.</summary>
    public IReadOnlyList<string> AnyScope { get; init; } = [];

    public IReadOnlyList<string> AnyRole { get; init; } = [];

    /// <summary>The 403 message for a caller lacking every scope and role asked for; it names them.</summary>
    public string? Refusal { get; init; }

    /// <summary>The refusal for this caller, or null when it may pass.</summary>
    public ApiErrorResult? Check(Caller caller)
    {
        if (TenantRefusal is not null && caller.TenantId is null)
        {
            return ApiError.Forbidden(TenantRefusal);
        }
        if ((AnyScope.Count > 0 || AnyRole.Count > 0) && !AnyScope.Any(caller.Scopes.Contains) && !AnyRole.Any(caller.HasRole))
        {
            return ApiError.Forbidden(Refusal!);
        }
        return null;
    }

    /// <summary>Throws when the gate asks for nothing or its refusal does not say what is missing.</summary>
    public TenantGate Validated()
    {
        if (TenantRefusal is null && AnyScope.Count == 0 && AnyRole.Count == 0)
        {
            throw new ArgumentException("A tenant gate must ask for a tenant, a scope or a role");
        }
        if (AnyScope.Count > 0 || AnyRole.Count > 0)
        {
            // The refusal is the caller's only clue which credential would pass, so it must name each.
            var unnamed = AnyScope.Select(s => $"'{s}'").Concat(AnyRole).Where(n => Refusal?.Contains(n, StringComparison.Ordinal) != true).ToList();
            if (unnamed.Count > 0)
            {
                throw new ArgumentException($"The refusal \"{Refusal}\" does not name {string.Join(", ", unnamed)}");
            }
        }
        return this;
    }
}
