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
            // Concurrently, so every tenant's share lands in the same group-commit flush.
            await Task.WhenAll(batch.GroupBy(TenantOf).Select(group => WriteGroupAsync(group.Key, group.ToList(), ct)));
        }
    }

    /// <summary>
    /// A row Postgres refused even after <see cref="WriteAsync"/> sanitised it; the default cannot
    /// repair anything. Audit rows keep who, what and when with markers in place of the free text.
    /// </summary>
    protected virtual T? Repair(T item) => default;

    /// <summary>
    /// One tenant's share of a flush. A connection failure is retried as a whole; a row that makes
    /// the batch fail never takes the others with it: the rows are written one by one, and the
    /// refused one again repaired.
    /// </summary>
    private async Task WriteGroupAsync(string tenantId, List<T> items, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(tenantId, items, ct);
                return;
            }
            catch (Exception e) when (IsTransient(e) && attempt < 5)
            {
                logger.LogWarning("Could not write {Count} {Kind} records (attempt {Attempt}): {Error}", items.Count, typeof(T).Name, attempt, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100 << attempt), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException && !IsTransient(e))
            {
                logger.LogWarning("A batch of {Count} {Kind} records was refused ({Error}); writing them one by one", items.Count, typeof(T).Name, e.Message);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not write {Count} {Kind} records for tenant {TenantId}", items.Count, typeof(T).Name, tenantId);
                return;
            }
        }
        foreach (var item in items)
        {
            await WriteOneAsync(tenantId, item, ct);
        }
    }

    private async Task WriteOneAsync(string tenantId, T item, CancellationToken ct)
    {
        try
        {
            await WriteAsync(tenantId, [item], ct);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException && Repair(item) is { } repaired)
        {
            logger.LogWarning("A {Kind} record was refused ({Error}); writing it with its free text replaced", typeof(T).Name, e.Message);
            try
            {
                await WriteAsync(tenantId, [repaired], ct);
                return;
            }
            catch (Exception again) when (again is not OperationCanceledException)
            {
                logger.LogError(again, "Could not write a repaired {Kind} record for tenant {TenantId}", typeof(T).Name, tenantId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not write a {Kind} record for tenant {TenantId}", typeof(T).Name, tenantId);
        }
    }

    private static bool IsTransient(Exception e) =>
        e is Npgsql.NpgsqlException { IsTransient: true } or TimeoutException || (e.InnerException is { } inner && IsTransient(inner));

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
