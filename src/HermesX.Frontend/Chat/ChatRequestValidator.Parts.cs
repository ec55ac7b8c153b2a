using System.Text;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

public static partial class ChatRequestValidator
{
    /// <summary>
    /// Decoded bytes of inline media (data URLs, input_audio, file_data) one request may carry. Each
    /// turn's media is stored in the session's history and sent again on every later turn, so it is
    /// held well under the body limit.
    /// </summary>
    public const int MaxInlineMediaBytes = 512 * 1024;

    private static readonly Dictionary<string, string> AudioFormats = new() { ["wav"] = "audio/wav", ["mp3"] = "audio/mpeg" };

    private static (string Text, List<ContentPart>? Parts) UserParts(IReadOnlyList<ChatContentPart?> content, string param)
    {
        var text = new StringBuilder();
        var parts = new List<ContentPart>();
        for (var i = 0; i < content.Count; i++)
        {
            var at = $"{param}[{i}]";
            var part = content[i];
            var read = part?.Type switch
            {
                "text" or "input_text" => new ContentPart(ContentPartTypes.Text, Text: part.Text ?? throw new ChatRequestException($"{at}.text is required", at)),
                "image_url" => Image(part.ImageUrl, at),
                "input_audio" => Audio(part.InputAudio, at),
                "file" => File(part.File, at),
                _ => throw new ChatRequestException($"{at}: content part type '{part?.Type}' is not one of text, image_url, input_audio, file", at),
            };
            text.Append(read.Text);
            parts.Add(read);
        }
        return (text.ToString(), parts.All(p => p.Type == ContentPartTypes.Text) ? null : parts);
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

    private static ContentPart Image(ChatImageUrl? image, string at)
    {
        if (image is null)
        {
            throw new ChatRequestException($"{at}.image_url must be an object with a url", at + ".image_url");
        }
        if (image.Detail is { } detail && detail != "auto")
        {
            throw new ChatRequestException($"{at}.image_url.detail: only 'auto' is supported", at + ".image_url.detail");
        }
        var url = image.Url ?? throw new ChatRequestException($"{at}.image_url.url is required", at + ".image_url.url");
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

    private static ContentPart Audio(ChatInputAudio? audio, string at)
    {
        if (audio is null)
        {
            throw new ChatRequestException($"{at}.input_audio must be an object with data and format", at + ".input_audio");
        }
        if (audio.Format is null || !AudioFormats.TryGetValue(audio.Format, out var mediaType))
        {
            throw new ChatRequestException($"{at}.input_audio.format must be wav or mp3", at + ".input_audio.format");
        }
        return new ContentPart(ContentPartTypes.Audio, MediaType: mediaType, Data: Base64(audio.Data, at + ".input_audio.data"));
    }

    private static ContentPart File(ChatFile? file, string at)
    {
        if (file is null)
        {
            throw new ChatRequestException($"{at}.file must be an object with file_data", at + ".file");
        }
        if (file.FileId is not null)
        {
            throw new ChatRequestException($"{at}.file.file_id: files uploaded to a provider are not supported; send file_data", at + ".file.file_id");
        }
        var data = file.FileData ?? throw new ChatRequestException($"{at}.file.file_data is required", at + ".file.file_data");
        // OpenAI's SDKs send file_data as a data URL; bare base64 is taken as a PDF, the one type every provider reads.
        var (mediaType, base64) = data.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            ? DataUrl(data, at + ".file.file_data")
            : ("application/pdf", Base64(data, at + ".file.file_data"));
        return new ContentPart(ContentPartTypes.File, MediaType: mediaType, Data: base64, FileName: file.Filename);
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
