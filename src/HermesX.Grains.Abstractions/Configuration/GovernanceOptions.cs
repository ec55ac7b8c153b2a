using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace HermesX.Grains.Abstractions.Configuration;

/// <summary>Erasure and retention: HERMES_GDPR_GRACE_DAYS, HERMES_AUDIT_RETENTION_DAYS, HERMES_RUN_EVENTS_RETENTION_HOURS,
/// HERMES_MAINTENANCE_INTERVAL_MINUTES.</summary>
public sealed record GovernanceOptions
{
    /// <summary>Days between a tenant's deletion and the purge of all its data; 0 purges at once.</summary>
    [ConfigurationKeyName("HERMES_GDPR_GRACE_DAYS"), Range(0, 3650)]
    public int GdprGraceDays { get; init; } = 30;

    /// <summary>Audit rows older than this many days are removed (at least 1).</summary>
    [ConfigurationKeyName("HERMES_AUDIT_RETENTION_DAYS"), Range(1, 36500)]
    public int AuditRetentionDays { get; init; } = 365;

    /// <summary>Hours a background run's stored stream events are kept after it ended (at least 1); its response stays.</summary>
    [ConfigurationKeyName("HERMES_RUN_EVENTS_RETENTION_HOURS"), Range(1, 87600)]
    public int RunEventsRetentionHours { get; init; } = 24;

    /// <summary>How often the maintenance reminder runs (audit retention, overdue purges).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromHours(1);

    [ConfigurationKeyName("HERMES_MAINTENANCE_INTERVAL_MINUTES"), Range(1, 10080)]
    public int MaintenanceIntervalMinutes
    {
        get => (int)MaintenanceInterval.TotalMinutes;
        init => MaintenanceInterval = TimeSpan.FromMinutes(value);
    }

    public TimeSpan GracePeriod => TimeSpan.FromDays(GdprGraceDays);
}
