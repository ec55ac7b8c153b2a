using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HermesX.Grains.Audit;

/// <summary>
/// Audit rows of requests that are not turns (a turn's row commits with its messages): each rides
/// with the next flush of the group commit, or goes on its own after the committer's deferred delay,
/// never on the request path. A row Postgres refuses is written again with its free text replaced.
/// </summary>
public sealed class AuditWriter(GroupCommitter committer, ILogger<AuditWriter> logger) : IAuditSink, IHostedService
{
    /// <summary>Rows on their way; only past this many (Postgres far behind) does a request wait.</summary>
    public const int MaxPending = 100_000;

    private readonly SemaphoreSlim _room = new(MaxPending, MaxPending);

    public ValueTask EnqueueAsync(AuditEntry entry, CancellationToken ct = default)
    {
        if (_room.Wait(0))
        {
            _ = WriteAsync(entry);
            return ValueTask.CompletedTask;
        }
        return WaitForRoomAsync(entry, ct);
    }

    private async ValueTask WaitForRoomAsync(AuditEntry entry, CancellationToken ct)
    {
        await _room.WaitAsync(ct);
        _ = WriteAsync(entry);
    }

    private async Task WriteAsync(AuditEntry entry)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await committer.CommitDeferredAsync(new TenantWrite(entry.TenantId) { Audit = [entry] });
                    return;
                }
                catch (Exception e) when (IsTransient(e) && attempt < 5)
                {
                    logger.LogWarning("Could not write an audit row (attempt {Attempt}): {Error}", attempt, e.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(100 << attempt));
                }
                catch (Exception e) when (!IsTransient(e) && attempt == 1)
                {
                    // The committer already wrote this row alone: the row itself is what Postgres refuses.
                    logger.LogWarning("An audit row was refused ({Error}); writing it with its free text replaced", e.Message);
                    entry = entry.Repaired();
                }
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not write an audit row for tenant {TenantId}", entry.TenantId);
        }
        finally
        {
            _room.Release();
        }
    }

    private static bool IsTransient(Exception e) =>
        e is Npgsql.NpgsqlException { IsTransient: true } or TimeoutException || (e.InnerException is { } inner && IsTransient(inner));

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops before the group committer (registered after it), once every row on its way is written.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        while (_room.CurrentCount < MaxPending && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
