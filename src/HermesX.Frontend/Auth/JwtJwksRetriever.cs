using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace HermesX.Frontend.Auth;

/// <summary>
/// Loads signing keys from a bare JWKS document (<c>HERMES_JWT_JWKS_URL</c>) rather than an OpenID
/// discovery document, so any issuer that publishes its keys works. The configuration manager
/// caches the keys and refetches them when a token names a key it has not seen.
/// </summary>
public sealed class JwtJwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var json = await retriever.GetDocumentAsync(address, cancel);
        var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = new JsonWebKeySet(json) };
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }
        return configuration;
    }
}
