using HermesX.FakeLlm.Conversation;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols;

internal static class StreamPacing
{
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits the scripted gap before a text frame; when the script asks for a broken stream, drops the
    /// connection once <paramref name="sent"/> frames are out and reports true.
    /// </summary>
    public static async ValueTask<bool> ShouldFailAsync(HttpContext context, PlannedReply reply, int sent)
    {
        if (reply.FailAfterChunks is { } limit && sent >= limit)
        {
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            // An abort resets the socket and discards bytes not yet sent, so wait until they are out.
            try
            {
                await (reply.FailWhen ?? Task.Delay(AbortGrace)).WaitAsync(MaxWait, context.RequestAborted);
            }
            catch (TimeoutException)
            {
                // A test that never released the gate still gets its broken stream.
            }

            context.Abort();
            return true;
        }

        if (reply.ChunkDelayMs > 0 && sent > 0)
        {
            await Task.Delay(reply.ChunkDelayMs, context.RequestAborted);
        }

        return false;
    }
}
