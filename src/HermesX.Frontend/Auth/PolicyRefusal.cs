using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Auth;

/// <summary>
/// The 403 text for a caller a role policy refuses (the authorization middleware answers before
/// any endpoint filter runs, so the tenant gate's refusals do not apply). Kept as endpoint metadata
/// so <see cref="HermesAuthenticationHandler"/> can say what the endpoint needs.
/// </summary>
public sealed record PolicyRefusal(string Message)
{
    public const string PlatformToken = "HERMES_ACP_TOKEN";

    /// <summary>What each role policy's refusal must name: the only clue which credential would pass.</summary>
    private static string[] MustName(string policy) => policy switch
    {
        AuthPolicies.PlatformAdmin => [PlatformToken],
        AuthPolicies.TenantAdmin => ["'admin'", PlatformToken],
        _ => throw new ArgumentException($"Policy '{policy}' refuses nobody with 403", nameof(policy)),
    };

    /// <summary>The refusal of <paramref name="endpoint"/>: its own, else one naming its role policy.</summary>
    public static string For(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<PolicyRefusal>() is { } own)
        {
            return own.Message;
        }
        var policies = endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList() ?? [];
        return policies.Contains(AuthPolicies.PlatformAdmin) ? $"This is for the platform admin only ({PlatformToken})"
            : policies.Contains(AuthPolicies.TenantAdmin) ? $"This needs the tenant 'admin' role, or the platform admin token ({PlatformToken})"
            : "Your credentials do not allow this action";
    }

    /// <summary>Checks that <paramref name="message"/> names what <paramref name="policy"/> lets through.</summary>
    public static PolicyRefusal Of(string policy, string message)
    {
        var unnamed = MustName(policy).Where(n => !message.Contains(n, StringComparison.Ordinal)).ToList();
        return unnamed.Count == 0 ? new PolicyRefusal(message)
            : throw new ArgumentException($"The refusal \"{message}\" does not name {string.Join(", ", unnamed)}", nameof(message));
    }
}

public static class PolicyRefusalExtensions
{
    /// <summary>The role policy <paramref name="policy"/>, refusing others with 403 and <paramref name="refusal"/>, which names the role.</summary>
    public static TBuilder RequirePolicy<TBuilder>(this TBuilder builder, string policy, string refusal) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy).WithMetadata(PolicyRefusal.Of(policy, refusal));
}
