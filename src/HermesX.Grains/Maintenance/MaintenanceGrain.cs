using HermesX.Grains.Abstractions.Maintenance;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Audit;
using HermesX.Grains.Runs;
using HermesX.Grains.Tenants;
using HermesX.Grains.Webhooks;
using Microsoft.Extensions.Logging;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Grains.Maintenance;

[GrainType("maintenance")]
public sealed class MaintenanceGrain(AuditStore audit, TenantStore tenants, WebhookQueue webhooks, RunStore runs, GovernanceOptions governance, TimeProvider time,
    ILogger<MaintenanceGrain> logger)
    : Grain, IMaintenanceGrain, IRemindable
{
    public const string Reminder = "maintenance";

    /// <summary>Delay between a silo's start and the first run.</summary>
    public static readonly TimeSpan FirstRun = TimeSpan.FromSeconds(15);

    async Task IMaintenanceGrain.StartAsync() =>
        await this.RegisterOrUpdateReminder(Reminder, FirstRun, governance.MaintenanceInterval);

    Task<MaintenanceReport> IMaintenanceGrain.RunAsync() => RunAsync();

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Reminder)
        {
            await RunAsync();
        }
    }

    private async Task<MaintenanceReport> RunAsync()
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(governance.AuditRetentionDays);
        long erased = 0;
        try
        {
            erased = await audit.EraseOlderThanAsync(cutoff);
            if (erased > 0)
            {
                logger.LogInformation("Audit retention: removed {Count} rows older than {Days} days", erased, governance.AuditRetentionDays);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Audit retention failed; it is retried on the next run");
        }

        try
        {
            var pruned = await webhooks.PruneAsync(time.GetUtcNow() - WebhookOptions.DeliveryRetention);
            if (pruned > 0)
            {
                logger.LogInformation("Webhook retention: removed {Count} delivered or dead deliveries older than {Days} days", pruned,
                    WebhookOptions.DeliveryRetention.TotalDays);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Webhook delivery retention failed; it is retried on the next run");
        }

        try
        {
            var removed = await runs.PruneEventsAsync(time.GetUtcNow() - TimeSpan.FromHours(governance.RunEventsRetentionHours));
            if (removed > 0)
            {
                logger.LogInformation("Run event retention: removed {Count} stream events of runs ended over {Hours} hours ago", removed,
                    governance.RunEventsRetentionHours);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Run event retention failed; it is retried on the next run");
        }

        var purged = new List<string>();
        foreach (var id in await tenants.DueForPurgeAsync())
        {
            try
            {
                if (await GrainFactory.GetGrain<ITenantGrain>(id).PurgeIfDueAsync())
                {
                    purged.Add(id);
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "Purge of tenant {TenantId} failed; it is retried on the next run", id);
            }
        }
        return new MaintenanceReport(erased, purged);
    }
}
