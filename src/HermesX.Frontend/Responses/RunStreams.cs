using System.Runtime.CompilerServices;
using HermesX.Frontend.Auth;
using HermesX.Grains.Abstractions.Caching;
using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

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

    public static async IAsyncEnumerable<TurnEvent> FollowAsync(IResponseRunGrain run, Caller caller, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = -1;
        while (true)
        {
            RunEventPage? page;
            try
            {
                page = await run.ReadEventsAsync(caller.Subject, caller.IsTenantAdmin, after);
            }
            catch (Exception e) when (SiloGone.Is(e) || e is TimeoutException)
            {
                await Task.Delay(SiloGone.Backoff, ct);
                continue;
            }
            if (page is null)
            {
                yield break;
            }
            foreach (var e in page.Events)
            {
                after = e.Seq;
                yield return e.Event;
            }
            if (page.Ended && page.Events.Count == 0)
            {
                yield break;
            }
            if (page.Events.Count == 0)
            {
                await Task.Delay(PollInterval, ct);
            }
        }
    }
}
