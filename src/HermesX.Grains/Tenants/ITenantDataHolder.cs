namespace HermesX.Grains.Tenants;

/// <summary>
/// Keeps tenant data outside Postgres (the skills object store). A GDPR export lists its objects and
/// a purge erases them before the tenant's rows go, so nothing of a purged tenant is left anywhere.
/// </summary>
public interface ITenantDataHolder
{
    /// <summary>Section name in the export, e.g. "objects".</summary>
    string Name { get; }

    /// <summary>Everything the tenant has here, one item at a time (key and text content).</summary>
    IAsyncEnumerable<(string Key, string Content)> ExportAsync(string tenantId, CancellationToken ct);

    /// <summary>Erases everything of the tenant; returns how many items went.</summary>
    Task<int> EraseAsync(string tenantId, CancellationToken ct);
}
