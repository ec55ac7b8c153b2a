using System.Text;
using System.Text.Json;
using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace HermesX.Frontend.Skills;

/// <summary>
/// Reads the text of a skill or persona write: the raw Markdown (<c>text/markdown</c> or
/// <c>text/plain</c>), or JSON <c>{"content": "..."}</c>. Never reads more than the cap allows.
/// </summary>
public static class MarkdownBody
{
    private static readonly string[] TextTypes = ["text/markdown", "text/x-markdown", "text/plain"];

    /// <summary>Every Content-Type a skill or persona write takes (endpoint metadata, read by the 415 check).</summary>
    public static readonly string[] ContentTypes = [.. TextTypes, "application/json"];

    public static async Task<(string? Content, ApiErrorResult? Error)> ReadAsync(HttpRequest request, int maxBytes, string what, CancellationToken ct)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.MediaType.Value?.ToLowerInvariant() : null;
        var json = mediaType == "application/json";
        if (!json && !TextTypes.Contains(mediaType))
        {
            return (null, ApiError.Create(415, $"Send the {what} as text/markdown, or as application/json {{\"content\": \"...\"}}", "unsupported_media_type"));
        }
        // JSON escaping can make a character up to six bytes long (\u00e9); the decoded text is capped below.
        var limit = json ? (maxBytes * 6) + 1024 : maxBytes;
        byte[] bytes;
        try
        {
            bytes = await ReadUpToAsync(request.Body, limit + 1, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(what, maxBytes));
        }
        if (bytes.Length > limit)
        {
            return (null, TooLarge(what, maxBytes));
        }
        string? content;
        try
        {
            content = json ? ContentOf(bytes) : new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            return (null, ApiError.BadRequest(json ? "Invalid JSON body: expected {\"content\": \"...\"}" : "The body is not valid UTF-8",
                code: json ? "invalid_json" : "invalid_request"));
        }
        if (content is null)
        {
            return (null, ApiError.BadRequest("'content' is required", "content"));
        }
        return Encoding.UTF8.GetByteCount(content) > maxBytes ? (null, TooLarge(what, maxBytes)) : (content, null);
    }

    private static ApiErrorResult TooLarge(string what, int maxBytes) =>
        ApiError.Create(413, $"The {what} is larger than {maxBytes / 1024} KiB", "content_too_large", "content");

    private static string? ContentOf(byte[] bytes)
    {
        var body = JsonSerializer.Deserialize<ContentRequest>(bytes, HermesJson.Options) ?? throw new JsonException("null body");
        return body.Content;
    }

    private static async Task<byte[]> ReadUpToAsync(Stream body, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < max && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
