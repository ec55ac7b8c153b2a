using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols;

/// <summary>Writes server-sent events straight into the response pipe, flushing after each frame.</summary>
internal sealed class SseStream : IDisposable
{
    private readonly HttpResponse _response;
    private readonly Utf8JsonWriter _json;

    public SseStream(HttpResponse response)
    {
        _response = response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        _json = new Utf8JsonWriter(response.BodyWriter, JsonBody.WriterOptions);
    }

    public async ValueTask WriteAsync(string? eventName, Action<Utf8JsonWriter> writeData, CancellationToken cancellationToken)
    {
        var pipe = _response.BodyWriter;
        if (eventName is not null)
        {
            pipe.Write("event: "u8);
            Encoding.UTF8.GetBytes(eventName, pipe);
            pipe.Write("\n"u8);
        }

        pipe.Write("data: "u8);
        _json.Reset(pipe);
        writeData(_json);
        _json.Flush();
        pipe.Write("\n\n"u8);
        await pipe.FlushAsync(cancellationToken);
    }

    public async ValueTask WriteRawDataAsync(string data, CancellationToken cancellationToken)
    {
        var pipe = _response.BodyWriter;
        pipe.Write("data: "u8);
        Encoding.UTF8.GetBytes(data, pipe);
        pipe.Write("\n\n"u8);
        await pipe.FlushAsync(cancellationToken);
    }

    public void Dispose() => _json.Dispose();
}
