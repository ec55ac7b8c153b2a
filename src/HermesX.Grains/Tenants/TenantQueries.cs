using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Grains.Tenants;

/// <summary>The platform admin's reads across tenants, and the GDPR export.</summary>
public sealed class TenantQueries(TenantStore store, TenantExporter exporter) : ITenantQueries
{
    public Task<List<TenantRecord>> ListAsync(int limit, int offset, bool includeDeleted, string? search = null, CancellationToken ct = default) =>
        store.ListAsync(limit, offset, includeDeleted, search, ct);

    public Task ExportAsync(string tenantId, Stream output, CancellationToken ct) => exporter.WriteAsync(tenantId, output, ct);
}
