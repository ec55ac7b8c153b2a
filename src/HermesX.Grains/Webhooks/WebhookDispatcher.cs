using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Diagnostics;
using HermesX.Grains.Abstractions.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Webhooks;

/// <summary>
/// Every silo runs one: it polls the outbox (each second, or at once when an event was queued on this
/// silo), claims due deliveries and sends them, at most <see cref="MaxInFlight"/> at a time, so a slow
/// endpoint holds no other tenant back. Delivery is at least once: an attempt whose outcome is not
/// written (the silo died) is claimed again when its lease ends, with the same webhook-id.
/// </summary>
public sealed class WebhookDispatcher(WebhookQueue queue, WebhookSender sender, WebhookSignal signal, WebhookOptions options, TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const int MaxInFlight = 32;

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await DispatchDueAsync(stoppingToken);
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Postgres away or the schema not migrated yet: the next poll tries again. Said once per outage, not every second.
                logger.Log(failing ? LogLevel.Debug : LogLevel.Warning, "Webhook dispatch poll failed ({Error}); retrying each second", e.GetType().Name);
                failing = true;
            }
            if (claimed == 0)
            {
                try
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims what is due for the free slots and starts sending it; returns how many were claimed.</summary>
    private async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        // Wait for one free slot before asking, so a full dispatcher does not poll for nothing.
        await _slots.WaitAsync(ct);
        var free = 1;
        while (free < MaxInFlight && _slots.Wait(0))
        {
            free++;
        }
        var claimed = 0;
        try
        {
            foreach (var tenant in await queue.DueTenantsAsync(free, ct))
            {
                foreach (var delivery in await queue.ClaimAsync(tenant, free - claimed, options.MaxAttempts, options.Lease, ct))
                {
                    claimed++;
                    _ = DeliverAsync(delivery, ct);
                }
                if (claimed == free)
                {
                    break;
                }
            }
        }
        finally
        {
            // Each started delivery gives its slot back when it ends; the rest are free now.
            if (free > claimed)
            {
                _slots.Release(free - claimed);
            }
        }
        return claimed;
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        try
        {
            var outcome = await sender.SendAsync(delivery, time.GetUtcNow(), ct);
            var dead = !outcome.Delivered && delivery.Attempt >= options.MaxAttempts;
            var retryAt = outcome.Delivered || dead ? (DateTimeOffset?)null
                : time.GetUtcNow() + WebhookRetry.Delay(delivery.Attempt, TimeSpan.FromMilliseconds(options.RetryBaseMilliseconds), WebhookOptions.MaxRetryDelay,
                    Random.Shared.NextDouble());
            await queue.RecordAsync(delivery, outcome.Delivered, outcome.Status, outcome.Error, retryAt, ct);
            var result = outcome.Delivered ? WebhookDeliveryStates.Delivered : dead ? WebhookDeliveryStates.Dead : "retry";
            HermesMeter.WebhookDelivered(result);
            if (!outcome.Delivered)
            {
                logger.Log(dead ? LogLevel.Warning : LogLevel.Information,
                    "Webhook delivery {DeliveryId} of tenant {TenantId} to endpoint {EndpointId}: attempt {Attempt} failed ({Error}){Then}",
                    delivery.Id, delivery.TenantId, delivery.EndpointId, delivery.Attempt, outcome.Error, dead ? "; it is dead" : "; it will be retried");
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The outcome was not written: the lease ends and another claim makes the attempt again.
            logger.LogWarning("Webhook delivery {DeliveryId} of tenant {TenantId}: outcome not recorded ({Error})", delivery.Id, delivery.TenantId, e.GetType().Name);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the lease ends and another silo makes the attempt again.
        }
        finally
        {
            _slots.Release();
        }
    }
}
