namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>Erasure and retention: HERMES_GDPR_GRACE_DAYS, HERMES_AUDIT_RETENTION_DAYS, HERMES_MAINTENANCE_INTERVAL_MINUTES.</summary>
public sealed record GovernanceOptions
{
    /// <summary>Days between a tenant's deletion and the purge of all its data; 0 purges at once.</summary>
    public int GdprGraceDays { get; init; } = 30;

    /// <summary>Audit rows older than this many days are removed (at least 1).</summary>
    public int AuditRetentionDays { get; init; } = 365;

    /// <summary>How often the maintenance reminder runs (audit retention, overdue purges).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan GracePeriod => TimeSpan.FromDays(GdprGraceDays);
}
