namespace HermesX.Grains.Abstractions.Maintenance;

/// <summary>
/// The cluster's periodic housekeeping (one activation, key 0), driven by a reminder every
/// HERMES_MAINTENANCE_INTERVAL_MINUTES: audit rows past HERMES_AUDIT_RETENTION_DAYS and webhook deliveries
/// delivered or dead over 30 days ago are removed, and
/// deleted tenants whose purge is overdue (their own reminder lost or failing) are purged.
/// </summary>
[Alias("hermesx.IMaintenanceGrain")]
public interface IMaintenanceGrain : IGrainWithIntegerKey
{
    /// <summary>Arms the reminder; every silo calls this when it starts, so a first run follows soon after a deploy.</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>Runs the housekeeping now.</summary>
    [Alias("Run")]
    Task<MaintenanceReport> RunAsync();
}

[GenerateSerializer, Immutable, Alias("hermesx.MaintenanceReport")]
public sealed record MaintenanceReport(
    [property: Id(0)] long AuditRowsErased,
    [property: Id(1)] IReadOnlyList<string> TenantsPurged);
