namespace HermesX.Grains.Abstractions.Tenants;



/// <summary>Reads across tenants, for the platform admin; every write goes through the tenant's <see cref="ITenantGrain"/>.</summary>
public interface ITenantQueries
{
    Task<List<TenantRecord>> ListAsync(int limit, int offset, bool includeDeleted, string? search = null, CancellationToken ct = default);

    /// <summary>Writes everything stored for the tenant as one JSON document (the GDPR export).</summary>
    Task ExportAsync(string tenantId, Stream output, CancellationToken ct);
}

/// <summary>The tenant id under which platform-level events are filed.</summary>
public static class PlatformTenant
{
    public const string Id = "_platform";
}
