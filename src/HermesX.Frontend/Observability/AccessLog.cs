using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace HermesX.Frontend.Observability;

/// <summary>
/// The one line a request writes (category <c>HermesX.Http</c>), in the console logger's JSON shape
/// (Timestamp, EventId, LogLevel, Category, Message, State, Scopes) and under its level settings,
/// but appended to standard output on the request's own thread. Through the logger each line cost a
/// formatted message, every scope of the request, and a hand-off to the console's writer thread:
/// measured, about a sixth of a turn's CPU.
/// </summary>
public sealed class AccessLog(ILoggerFactory loggers)
{
    public const string Category = "HermesX.Http";
    private const string Format = "{Method} {Route} answered {Status} in {ElapsedMs} ms";

    private readonly ILogger _level = loggers.CreateLogger(Category);

    public void Write(LogLevel level, string method, string route, int status, double elapsedMs, RequestLogScope scope)
    {
        if (!_level.IsEnabled(level))
        {
            return;
        }
        var elapsed = Math.Round(elapsedMs, 1).ToString(CultureInfo.InvariantCulture);
        var message = $"{method} {route} answered {status.ToString(CultureInfo.InvariantCulture)} in {elapsed} ms";
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("Timestamp", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.WriteNumber("EventId", 0);
            w.WriteString("LogLevel", level.ToString());
            w.WriteString("Category", Category);
            w.WriteString("Message", message);
            w.WriteStartObject("State");
            w.WriteString("Message", message);
            w.WriteString("Method", method);
            w.WriteString("Route", route);
            w.WriteNumber("Status", status);
            w.WriteNumber("ElapsedMs", Math.Round(elapsedMs, 1));
            w.WriteString("{OriginalFormat}", Format);
            w.WriteEndObject();
            w.WriteStartArray("Scopes");
            w.WriteStartObject();
            w.WriteString("Message", scope.ToString());
            foreach (var (key, value) in scope)
            {
                w.WriteString(key, value as string);
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        // One Write of the whole line: the synchronized writer keeps lines whole beside the console logger's.
        Console.Out.Write(Encoding.UTF8.GetString(buffer.WrittenSpan) + Environment.NewLine);
    }
}
