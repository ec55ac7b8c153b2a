namespace HermesX.Grains.Abstractions.Auth;

/// <summary>
/// Owner of one API key's resolution (key: the SHA-256 hex of the raw key). Requests read it through
/// each silo's <see cref="Caching.ISiloCache"/>; invalidating it on revoke or rotate drops every
/// silo's copy before it returns.
/// </summary>
[Alias("hermesx.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Returns the principal, or null when the key is unknown, revoked, expired or its tenant is deleted.</summary>
    [Alias("Resolve")]
    Task<ApiKeyPrincipal?> ResolveAsync();

    /// <summary>Drops the resolution here and on every silo, so the next request reads Postgres again.</summary>
    [Alias("Invalidate")]
    Task InvalidateAsync();
}
