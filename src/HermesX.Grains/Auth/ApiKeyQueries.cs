using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Grains.Auth;

/// <summary>The reads the frontend makes of keys and of the bootstrap marker.</summary>
public sealed class ApiKeyQueries(ApiKeyStore keys, BootstrapStore bootstrap) : IApiKeyQueries
{
    public Task<List<ApiKeyRecord>> ListAsync(string tenantId, int limit, int offset, CancellationToken ct = default) =>
        keys.ListAsync(tenantId, limit, offset, ct);

    public Task<ApiKeyRecord?> GetAsync(string tenantId, string keyId, CancellationToken ct = default) => keys.GetAsync(tenantId, keyId, ct);

    public Task<DateTimeOffset?> BootstrapCompletedAtAsync(CancellationToken ct = default) => bootstrap.CompletedAtAsync(ct);
}
