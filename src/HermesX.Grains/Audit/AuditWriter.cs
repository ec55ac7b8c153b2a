using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Audit;

/// <summary>
/// Takes audit entries off the request path and writes them in batches, one transaction per tenant.
/// On shutdown everything queued is written before the host stops.
/// </summary>
public sealed class AuditWriter(AuditStore store, ILogger<AuditWriter> logger) : BackgroundService
{
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues an entry; only waits when 100,000 entries are already pending (Postgres far behind).</summary>
    public ValueTask EnqueueAsync(AuditEntry entry) => _queue.Writer.WriteAsync(entry);

    /// <summary>Writes everything queued so far (tests and shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        while (_queue.Reader.TryRead(out var first))
        {
            var batch = new List<AuditEntry> { first };
            while (batch.Count < 500 && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            foreach (var group in batch.GroupBy(e => e.TenantId))
            {
                try
                {
                    await store.AppendBatchAsync(group.Key, group.ToList(), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not write {Count} audit entries for tenant {TenantId}", group.Count(), group.Key);
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: StopAsync drains what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }
}
