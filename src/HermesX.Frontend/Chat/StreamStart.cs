using HermesX.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Chat;

/// <summary>How a turn's stream begins, for the chat and the Responses streams alike: its first event decides the answer.</summary>
internal static class StreamStart
{
    /// <summary>
    /// Reads the first event. An error before any output is answered as a plain JSON error response (null: nothing more to
    /// write); otherwise its deployment and, with <paramref name="markReplay"/>, a replayed answer are named in the headers, and
    /// the answer is whether there was an event.
    /// </summary>
    public static async Task<bool?> FirstAsync(HttpContext http, IAsyncEnumerator<TurnEvent> e, bool markReplay)
    {
        var more = await e.MoveNextAsync();
        if (more && e.Current.Error is { } refused)
        {
            await TurnErrors.Answer(http, refused).ExecuteAsync(http);
            return null;
        }
        if (more)
        {
            DeploymentHeader.Set(http, e.Current);
        }
        if (markReplay && more && (e.Current.Result is { Replayed: true } || e.Current.Status == TurnEventKinds.ReplayedStatus))
        {
            http.Response.Headers[TurnRetry.ReplayedHeader] = "true";
        }
        return more;
    }
}
