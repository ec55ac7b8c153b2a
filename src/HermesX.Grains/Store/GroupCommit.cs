using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Diagnostics;

namespace HermesX.Grains.Store;

/// <summary>
/// Group commit: the writes of concurrent turns, from many sessions and tenants, share one
/// transaction and one round trip per flush (<see cref="FlushBatch"/>). Each tenant's rows follow
/// its own <c>set_config('app.current_tenant', …, true)</c>, so row-level security scopes every row
/// as in <see cref="TenantDb.InTenantAsync{T}"/>. A write is acknowledged when the flush holding it
/// commits. When a flush fails, each of its writes is tried again in a transaction of its own, so a
/// bad row fails only its own write. One flush runs at a time: writes arriving meanwhile form the next.
/// </summary>
public sealed class GroupCommitter(NpgsqlDataSource dataSource, GroupCommitOptions options, ILogger<GroupCommitter> logger)
    : BackgroundService
{
    private sealed record Pending(TenantWrite Write, TaskCompletionSource Done, bool Deferred);

    /// <summary>How long a deferred write may wait for a turn's write to ride with.</summary>
    public static readonly TimeSpan DeferredDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes when the write is committed; throws what Postgres refused it with.</summary>
    public Task CommitAsync(TenantWrite write, CancellationToken ct = default) => Submit(write, deferred: false, ct);

    /// <summary>
    /// Like <see cref="CommitAsync"/> for writes nobody is waiting on (audit and usage rows): the
    /// write rides with the next turn's flush, or goes on its own after <see cref="DeferredDelay"/>,
    /// so at low load a turn pays for one commit, not three.
    /// </summary>
    public Task CommitDeferredAsync(TenantWrite write, CancellationToken ct = default) => Submit(write, deferred: true, ct);

    private Task Submit(TenantWrite write, bool deferred, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(write.TenantId);
        if (write.IsEmpty)
        {
            return Task.CompletedTask;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(write, done, deferred)))
        {
            throw new InvalidOperationException("the group committer has stopped");
        }
        // The write goes in whatever happens to the caller: cancelling only stops the waiting.
        return ct.CanBeCanceled ? done.Task.WaitAsync(ct) : done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var urgent = new List<Pending>(options.MaxWrites);
        var deferred = new List<Pending>();
        var deferredSince = 0L;
        var lastFlush = 0;
        try
        {
            while (true)
            {
                var wait = deferred.Count == 0 ? Timeout.InfiniteTimeSpan
                    : DeferredDelay - System.Diagnostics.Stopwatch.GetElapsedTime(deferredSince);
                if (!await WaitAsync(wait, stoppingToken))
                {
                    break;
                }
                Drain(urgent, deferred, ref deferredSince);
                // Under load only (see GroupCommitOptions.Linger): a turn alone is not kept waiting for company.
                if (urgent.Count > 0 && options.Linger > TimeSpan.Zero && urgent.Count < options.MaxWrites
                    && (options.LingerAlone || urgent.Count > 1 || lastFlush > 1))
                {
                    await LingerAsync(urgent, deferred, stoppingToken);
                }
                var deferredDue = deferred.Count > 0 && (deferred.Count >= options.MaxWrites
                    || System.Diagnostics.Stopwatch.GetElapsedTime(deferredSince) >= DeferredDelay);
                if (urgent.Count == 0 && !deferredDue)
                {
                    continue;
                }
                // Deferred writes fill what room the turns leave, and always make some progress.
                var room = Math.Max(options.MaxWrites - urgent.Count, Math.Max(1, options.MaxWrites / 4));
                var riding = deferred.Count <= room ? deferred.ToList() : deferred.GetRange(0, room);
                deferred.RemoveRange(0, riding.Count);
                deferredSince = System.Diagnostics.Stopwatch.GetTimestamp();
                await FlushAsync([.. urgent, .. riding]);
                lastFlush = urgent.Count;
                urgent.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
        await FlushAsync([.. urgent, .. deferred]);
    }

    /// <summary>True when something can be read or the wait ran out; false when the queue is closed and empty.</summary>
    private async Task<bool> WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            return await _queue.Reader.WaitToReadAsync(ct);
        }
        if (wait <= TimeSpan.Zero)
        {
            return true;
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(wait);
        try
        {
            return await _queue.Reader.WaitToReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return true;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        var rest = new List<Pending>();
        while (_queue.Reader.TryRead(out var p))
        {
            rest.Add(p);
            if (rest.Count == options.MaxWrites)
            {
                await FlushAsync(rest);
                rest.Clear();
            }
        }
        await FlushAsync(rest);
    }

    private async Task LingerAsync(List<Pending> urgent, List<Pending> deferred, CancellationToken ct)
    {
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(ct);
        linger.CancelAfter(options.Linger);
        var since = 0L;
        try
        {
            while (urgent.Count < options.MaxWrites && await _queue.Reader.WaitToReadAsync(linger.Token))
            {
                Drain(urgent, deferred, ref since);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Linger over.
        }
    }

    private void Drain(List<Pending> urgent, List<Pending> deferred, ref long deferredSince)
    {
        while (urgent.Count < options.MaxWrites && _queue.Reader.TryRead(out var p))
        {
            if (!p.Deferred)
            {
                urgent.Add(p);
                continue;
            }
            if (deferred.Count == 0)
            {
                deferredSince = System.Diagnostics.Stopwatch.GetTimestamp();
            }
            deferred.Add(p);
        }
    }

    private async Task FlushAsync(List<Pending> flush)
    {
        if (flush.Count == 0)
        {
            return;
        }
        try
        {
            await RunAsync(flush.Select(p => p.Write).ToList());
            foreach (var p in flush)
            {
                p.Done.TrySetResult();
            }
        }
        catch (Exception e) when (flush.Count > 1 && e is not OperationCanceledException)
        {
            logger.LogWarning("A flush of {Count} writes failed ({Error}); committing them one by one", flush.Count, e.Message);
            await Task.WhenAll(flush.Select(async p =>
            {
                try
                {
                    await RunAsync([p.Write]);
                    p.Done.TrySetResult();
                }
                catch (Exception one)
                {
                    p.Done.TrySetException(one);
                }
            }));
        }
        catch (Exception e)
        {
            flush[0].Done.TrySetException(e);
        }
    }

    /// <summary>
    /// One implicit transaction, one round trip: the batch carries no BEGIN, so Postgres runs its
    /// statements as one transaction that commits at the batch's end (or none of it on an error).
    /// </summary>
    private async Task RunAsync(IReadOnlyList<TenantWrite> writes)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync();
            await using var batch = FlushBatch.For(conn, writes);
            await batch.ExecuteNonQueryAsync();
        }
        finally
        {
            HermesMeter.StoreOperation("commit", "group", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }
}
