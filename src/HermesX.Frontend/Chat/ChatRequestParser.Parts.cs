using System.Text;
using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

/// <summary>The body's media is larger than a turn may store in the session's history (413).</summary>
public sealed class ContentTooLargeException(string message, string param) : Exception(message)
{
    public string Param { get; } = param;
}

public static partial class ChatRequestParser
{
    /// <summary>
    /// Decoded bytes of inline media (data URLs, input_audio, file_data) one request may carry. Each
    /// turn's media is stored in the session's history and sent again on every later turn, so it is
    /// held well under the body limit.
    /// </summary>
    public const int MaxInlineMediaBytes = 512 * 1024;

    private static readonly Dictionary<string, string> AudioFormats = new() { ["wav"] = "audio/wav", ["mp3"] = "audio/mpeg" };

    private static (string Text, List<ContentPart>? Parts) UserParts(JsonElement content, string param)
    {
        var text = new StringBuilder();
        var parts = new List<ContentPart>();
        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var at = $"{param}[{i++}]";
            var type = part.ValueKind == JsonValueKind.Object ? OptionalString(part, "type") : null;
            var read = type switch
            {
                "text" or "input_text" => new ContentPart(ContentPartTypes.Text, Text: OptionalString(part, "text") ?? throw new ChatRequestException($"{at}.text is required", at)),
                "image_url" => Image(part, at),
                "input_audio" => Audio(part, at),
                "file" => File(part, at),
                _ => throw new ChatRequestException($"{at}: content part type '{type}' is not one of text, image_url, input_audio, file", at),
            };
            text.Append(read.Text);
            parts.Add(read);
        }
        if (parts.All(p => p.Type == ContentPartTypes.Text))
        {
            return (text.ToString(), null);
        }
        return (text.ToString(), parts);
    }

    /// <summary>Refuses a body whose inline media together exceed <see cref="MaxInlineMediaBytes"/>.</summary>
    public static void CheckMediaSize(IReadOnlyList<SessionMessage> messages)
    {
        long total = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            foreach (var part in messages[i].Parts ?? [])
            {
                total += (part.Data?.Length ?? 0) / 4 * 3;
                if (total > MaxInlineMediaBytes)
                {
                    throw new ContentTooLargeException(
                        $"Inline images, audio and files may total {MaxInlineMediaBytes / 1024} KiB a request (they are kept in the session's history); messages[{i}] goes past it", $"messages[{i}].content");
                }
            }
        }
    }

    private static ContentPart Image(JsonElement part, string at)
    {
        var image = part.TryGetProperty("image_url", out var iu) && iu.ValueKind == JsonValueKind.Object ? iu
            : throw new ChatRequestException($"{at}.image_url must be an object with a url", at + ".image_url");
        if (OptionalString(image, "detail") is { } detail && detail != "auto")
        {
            throw new ChatRequestException($"{at}.image_url.detail: only 'auto' is supported", at + ".image_url.detail");
        }
        var url = OptionalString(image, "url") ?? throw new ChatRequestException($"{at}.image_url.url is required", at + ".image_url.url");
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var (mediaType, data) = DataUrl(url, at + ".image_url.url");
            if (!mediaType.StartsWith("image/", StringComparison.Ordinal))
            {
                throw new ChatRequestException($"{at}.image_url.url: a data URL of an image is expected, not {mediaType}", at + ".image_url.url");
            }
            return new ContentPart(ContentPartTypes.Image, MediaType: mediaType, Data: data);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > 2048)
        {
            throw new ChatRequestException($"{at}.image_url.url must be an http(s) URL (up to 2048 characters) or a data URL", at + ".image_url.url");
        }
        return new ContentPart(ContentPartTypes.Image, Url: url);
    }

    private static ContentPart Audio(JsonElement part, string at)
    {
        var audio = part.TryGetProperty("input_audio", out var a) && a.ValueKind == JsonValueKind.Object ? a
            : throw new ChatRequestException($"{at}.input_audio must be an object with data and format", at + ".input_audio");
        var format = OptionalString(audio, "format");
        if (format is null || !AudioFormats.TryGetValue(format, out var mediaType))
        {
            throw new ChatRequestException($"{at}.input_audio.format must be wav or mp3", at + ".input_audio.format");
        }
        return new ContentPart(ContentPartTypes.Audio, MediaType: mediaType, Data: Base64(OptionalString(audio, "data"), at + ".input_audio.data"));
    }

    private static ContentPart File(JsonElement part, string at)
    {
        var file = part.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.Object ? f
            : throw new ChatRequestException($"{at}.file must be an object with file_data", at + ".file");
        if (OptionalString(file, "file_id") is not null)
        {
            throw new ChatRequestException($"{at}.file.file_id: files uploaded to a provider are not supported; send file_data", at + ".file.file_id");
        }
        var data = OptionalString(file, "file_data") ?? throw new ChatRequestException($"{at}.file.file_data is required", at + ".file.file_data");
        var name = OptionalString(file, "filename");
        // OpenAI's SDKs send file_data as a data URL; bare base64 is taken as a PDF, the one type every provider reads.
        var (mediaType, base64) = data.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            ? DataUrl(data, at + ".file.file_data")
            : ("application/pdf", Base64(data, at + ".file.file_data"));
        return new ContentPart(ContentPartTypes.File, MediaType: mediaType, Data: base64, FileName: name);
    }

    private static (string MediaType, string Data) DataUrl(string url, string at)
    {
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma > 5 ? url[5..comma] : "";
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase) || header.Length == ";base64".Length)
        {
            throw new ChatRequestException($"{at}: a data URL must be data:<media type>;base64,<data>", at);
        }
        return (header[..^";base64".Length].ToLowerInvariant(), Base64(url[(comma + 1)..], at));
    }

    private static string Base64(string? data, string at)
    {
        var buffer = new byte[((data?.Length ?? 0) * 3 / 4) + 3];
        if (string.IsNullOrEmpty(data) || !Convert.TryFromBase64String(data, buffer, out _))
        {
            throw new ChatRequestException($"{at} must be non-empty base64", at);
        }
        return data;
    }
}
