namespace HermesX.Grains.Abstractions.Tenants;

/// <summary>
/// The single owner of one tenant's record (key: tenant id). Postgres is the source of truth; the
/// grain caches the record so that every silo reads the same value without a database round trip.
/// </summary>
[Alias("hermesx.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Returns the tenant, or null when it does not exist (a soft-deleted tenant is returned with DeletedAt set).</summary>
    [Alias("Get")]
    Task<TenantRecord?> GetAsync();

    /// <summary>Creates the tenant; returns null when a tenant with this id already exists.</summary>
    [Alias("Create")]
    Task<TenantRecord?> CreateAsync(string name, string plan, int? rateLimitRpm, int? maxSessions, string configJson);

    /// <summary>Applies the non-null changes; returns null when the tenant does not exist or is deleted.</summary>
    [Alias("Update")]
    Task<TenantRecord?> UpdateAsync(TenantChanges changes);

    /// <summary>Soft-deletes the tenant; its API keys stop working at once. Returns false when unknown.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
