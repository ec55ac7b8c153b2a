using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Gate;

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

/// <summary>The one tenant-and-scope check of the API: endpoints and groups name what they need, handlers check nothing.</summary>
public sealed class TenantGateFilter(TenantGate gate) : IEndpointFilter
{
    public TenantGate Gate { get; } = gate.Validated();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Gate.Check(Caller.Of(context.HttpContext)) is { } refusal ? refusal : await next(context);
}

public static class TenantGateExtensions
{
    /// <summary>Refuses a caller without a tenant (the platform token) with 403 and <paramref name="refusal"/>.</summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder, string refusal) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireGate(new TenantGate { TenantRefusal = refusal });

    /// <summary>A tenant and any one of <paramref name="anyOf"/>, with one refusal for both (it must name the scopes).</summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder, string refusal, params string[] anyOf) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireGate(new TenantGate { TenantRefusal = refusal, AnyScope = anyOf, Refusal = refusal });

    /// <summary>Any one of the scopes <paramref name="anyOf"/>, else 403 and <paramref name="refusal"/>, which names them.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string refusal, params string[] anyOf) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireGate(new TenantGate { AnyScope = anyOf, Refusal = refusal });

    public static TBuilder RequireGate<TBuilder>(this TBuilder builder, TenantGate gate) where TBuilder : IEndpointConventionBuilder
    {
        var filter = new TenantGateFilter(gate);
        return builder.WithMetadata(filter.Gate).ProducesErrors(StatusCodes.Status403Forbidden).AddEndpointFilter(filter);
    }
}
