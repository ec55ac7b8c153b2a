using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommunityToolkit.HighPerformance.Buffers;

namespace HermesX.Grains.Llm;

/// <summary>
/// A JSON request body written into a pooled buffer and sent with its length: a model request
/// carries the session's whole history, so a new array of that size per call would be most of
/// what a turn allocates. The buffer goes back to the pool when the request is disposed.
/// </summary>
public sealed class PooledJsonContent : HttpContent
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private readonly ArrayPoolBufferWriter<byte> _buffer;

    private PooledJsonContent(int sizeHint)
    {
        _buffer = new ArrayPoolBufferWriter<byte>(Math.Max(sizeHint, 1024));
        Headers.ContentType = s_json;
    }

    /// <param name="sizeHint">The expected length (a session's encoded history), so the buffer is not grown by copying.</param>
    public static PooledJsonContent Create<T>(T value, JsonTypeInfo<T> type, int sizeHint = 4096)
    {
        var content = new PooledJsonContent(sizeHint);
        using var writer = new Utf8JsonWriter(content._buffer, new JsonWriterOptions { SkipValidation = true });
        JsonSerializer.Serialize(writer, value, type);
        return content;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_buffer.WrittenMemory).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_buffer.WrittenSpan);

    protected override bool TryComputeLength(out long length)
    {
        length = _buffer.WrittenCount;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }
        base.Dispose(disposing);
    }
}
