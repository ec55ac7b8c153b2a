using HermesX.FakeLlm.Conversation;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols;

internal static class StreamPacing
{
    /// <summary>
    /// Waits the scripted gap before a text frame; when the script asks for a broken stream, drops the
    /// connection once <paramref name="sent"/> frames are out and reports true.
    /// </summary>
    public static async ValueTask<bool> ShouldFailAsync(HttpContext context, PlannedReply reply, int sent)
    {
        if (reply.FailAfterChunks is { } limit && sent >= limit)
        {
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
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
