namespace HermesX.Grains.Abstractions.Auth;

/// <summary>
/// Cluster-wide cache of one API key's resolution (key: the SHA-256 hex of the raw key). Because
/// exactly one activation exists in the cluster, invalidating it on revoke or rotate is seen by
/// every silo at once.
/// </summary>
[Alias("hermesx.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Returns the principal, or null when the key is unknown, revoked, expired or its tenant is deleted.</summary>
    [Alias("Resolve")]
    Task<ApiKeyPrincipal?> ResolveAsync();

    /// <summary>Drops the cached resolution so the next call reads Postgres again.</summary>
    [Alias("Invalidate")]
    Task InvalidateAsync();
}
