using System.Runtime.CompilerServices;
using HermesX.Frontend.Auth;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Runs;

/// <summary>
/// A background run's stored events, read from its grain and followed until the run ends: what every stream of
/// a run shows, from whichever silo it is read. The events are stored before any client sees them, so a reader
/// that polls the store never misses one and never sees one twice; while the run's silo is being replaced the
/// reads are tried again.
/// </summary>
public static class RunStreams
{
    /// <summary>How often a reader that has caught up asks for more.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <param name="first">The run's first page (its events from the start), when the caller has read it already.</param>
    public static async IAsyncEnumerable<TurnEvent> FollowAsync(IResponseRunGrain run, Caller caller, RunEventPage? first,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var after = -1;
        for (var page = first ?? await ReadAsync(run, caller, after, ct); page is not null; page = await ReadAsync(run, caller, after, ct))
        {
            foreach (var e in page.Events)
            {
                after = e.Seq;
                yield return e.Event;
            }
            if (page.Events.Count == 0)
            {
                if (page.Ended)
                {
                    yield break;
                }
                await Task.Delay(PollInterval, ct);
            }
        }
    }

    /// <summary>The run's events after <paramref name="after"/>, or null when there is no run the caller may see.</summary>
    public static async Task<RunEventPage?> ReadAsync(IResponseRunGrain run, Caller caller, int after, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await run.ReadEventsAsync(caller.Subject, caller.IsTenantAdmin, after);
            }
            catch (Exception e) when (SiloGone.Is(e) || e is TimeoutException)
            {
                await Task.Delay(SiloGone.Backoff, ct);
            }
        }
    }
}
