namespace HermesX.Grains.Abstractions.Tenants;

/// <summary>
/// The single owner of one tenant's record (key: tenant id). Postgres is the source of truth; the
/// grain caches the record so that every silo reads the same value without a database round trip.
/// Its quotas are counted by the <see cref="ITenantQuotaGrain"/> of the same key.
/// </summary>
[Alias("hermesx.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Returns the tenant, or null when it does not exist (a soft-deleted tenant is returned with DeletedAt set).</summary>
    [Alias("Get")]
    Task<TenantRecord?> GetAsync();

    /// <summary>
    /// Creates the tenant with every given setting in one write (<see cref="TenantChanges.Name"/> required; the plan
    /// defaults to free, absent settings to the plan's); returns null when a tenant with this id already exists.
    /// </summary>
    [Alias("CreateTenant")]
    Task<TenantRecord?> CreateAsync(TenantChanges settings);

    /// <summary>Applies the non-null changes; returns null when the tenant does not exist or is deleted.</summary>
    [Alias("Update")]
    Task<TenantRecord?> UpdateAsync(TenantChanges changes);

    /// <summary>
    /// Soft-deletes the tenant: its credentials stop working at once (a tenant admin's may still read
    /// the deletion status, export and restore), and every row and object of it is purged once the
    /// grace period (HERMES_GDPR_GRACE_DAYS) has passed. Returns the deleted record, or null when the
    /// tenant is unknown or already deleted.
    /// </summary>
    [Alias("Delete")]
    Task<TenantRecord?> DeleteAsync();

    /// <summary>Cancels a pending purge; returns the active record, or null when the tenant is not pending deletion.</summary>
    [Alias("Restore")]
    Task<TenantRecord?> RestoreAsync();

    /// <summary>Purges the tenant when it is deleted and its purge time has passed; true when it purged.</summary>
    [Alias("PurgeIfDue")]
    Task<bool> PurgeIfDueAsync();
}
