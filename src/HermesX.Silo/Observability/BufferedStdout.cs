using System.Text;

namespace HermesX.Silo.Observability;

/// <summary>
/// Standard output through a 64 KiB buffer, flushed every <see cref="FlushInterval"/> and when the
/// process exits. The console logger writes each line with its own write (and flush) otherwise: one
/// system call per request at the default level, a measurable share of a busy silo's CPU. A kill -9
/// loses at most the last interval of log lines, as it loses the console logger's own queue.
/// </summary>
public static class BufferedStdout
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private static Timer? s_timer;

    /// <summary>Replaces Console.Out; call before the console logger is built, as it keeps the writer it finds.</summary>
    public static void Install()
    {
        if (s_timer is not null)
        {
            return;
        }
        var writer = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false });
        Console.SetOut(writer);
        s_timer = new Timer(_ => Flush(writer), null, FlushInterval, FlushInterval);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Flush(writer);
    }

    private static void Flush(TextWriter writer)
    {
        try
        {
            writer.Flush();
        }
        catch (IOException)
        {
            // Whoever read our output has gone; there is nobody to tell.
        }
        catch (ObjectDisposedException)
        {
            // Exiting.
        }
    }
}
