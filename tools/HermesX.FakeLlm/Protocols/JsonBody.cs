using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols;

internal static class JsonBody
{
    /// <summary>Escapes like the real APIs do (quotes as \", no \u0022), so recorded bodies stay readable.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one JSON document as the whole response body.</summary>
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            write(writer);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes tool arguments as a JSON object, falling back to {} when a script gave bad JSON.</summary>
    public static void WriteArguments(Utf8JsonWriter writer, string argumentsJson)
    {
        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>Splits a string into at most <paramref name="count"/> pieces so clients must reassemble deltas.</summary>
    public static IEnumerable<string> Pieces(string text, int count = 2)
    {
        if (text.Length < count)
        {
            yield return text;
            yield break;
        }

        var size = (text.Length + count - 1) / count;
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }
}
