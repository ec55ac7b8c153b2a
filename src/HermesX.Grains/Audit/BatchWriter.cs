using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Audit;

/// <summary>
/// Takes records off the request path and writes them in batches, one transaction per tenant.
/// Everything queued is written before the host stops.
/// </summary>
public abstract class BatchWriter<T>(ILogger logger) : BackgroundService
{
    private readonly Channel<T> _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    protected abstract string TenantOf(T item);

    protected abstract Task WriteAsync(string tenantId, IReadOnlyList<T> items, CancellationToken ct);

    /// <summary>Queues a record; only waits when 100,000 are already pending (Postgres far behind).</summary>
    public ValueTask EnqueueAsync(T item) => _queue.Writer.WriteAsync(item);

    /// <summary>Writes everything queued so far.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        while (_queue.Reader.TryRead(out var first))
        {
            var batch = new List<T> { first };
            while (batch.Count < 500 && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            foreach (var group in batch.GroupBy(TenantOf))
            {
                try
                {
                    await WriteAsync(group.Key, group.ToList(), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not write {Count} {Kind} records for tenant {TenantId}", group.Count(), typeof(T).Name, group.Key);
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
