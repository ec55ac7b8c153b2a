using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace HermesX.IntegrationTests.Skills;

/// <summary>
/// HTTP/1.1 over a bare socket, so a request target goes out exactly as written: HttpClient
/// would resolve dot segments and normalise escapes before sending.
/// </summary>
public static class RawHttp
{
    public sealed record Reply(int Status, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    }

    public static Task<Reply> SendAsync(Uri server, string method, string target, string bearer, string? body = null,
        string contentType = "text/markdown")
    {
        var payload = Encoding.UTF8.GetBytes(body ?? "");
        var head = new StringBuilder()
            .Append($"{method} {target} HTTP/1.1\r\n")
            .Append($"Host: {server.Host}:{server.Port}\r\n")
            .Append($"Authorization: Bearer {bearer}\r\n")
            .Append("Connection: close\r\n");
        if (body is not null)
        {
            head.Append($"Content-Type: {contentType}\r\nContent-Length: {payload.Length}\r\n");
        }
        head.Append("\r\n");
        return ExchangeAsync(server, [.. Encoding.ASCII.GetBytes(head.ToString()), .. payload]);
    }

    /// <summary>
    /// Sends <paramref name="request"/> byte for byte (framing errors included) and reads the answer
    /// until the server closes the connection, as it does after an error or <c>Connection: close</c>.
    /// </summary>
    public static async Task<Reply> ExchangeAsync(Uri server, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(request);

        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await stream.CopyToAsync(received, timeout.Token);
        var bytes = received.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var headers = Encoding.ASCII.GetString(bytes, 0, split);
        var content = bytes[(split + 4)..];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            content = Dechunk(content);
        }
        return new Reply(int.Parse(headers.Split(' ', 3)[1]), Encoding.UTF8.GetString(content));
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var result = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = at + chunked.AsSpan(at).IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, lineEnd - at).Split(';')[0], 16);
            if (size == 0)
            {
                return result.ToArray();
            }
            result.Write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
