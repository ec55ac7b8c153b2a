using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Auth;

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
