using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>Image, audio and file content parts: sent to providers that take them, kept in history, refused elsewhere, capped.</summary>
[Collection(ProviderChatCollection.Name)]
public sealed class ContentPartsTests(ProviderChatFixture f)
{
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    private const string Wav = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";
    private const string Pdf = "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK";
    private const string ImageUrl = "https://images.example.com/cat.png";

    private static object Text(string t) => new { type = "text", text = t };

    private static object HttpImage() => new { type = "image_url", image_url = new { url = ImageUrl } };

    private static object DataImage() => new { type = "image_url", image_url = new { url = "data:image/png;base64," + Png } };

    private static object AudioPart() => new { type = "input_audio", input_audio = new { data = Wav, format = "wav" } };

    private static object PdfPart() => new { type = "file", file = new { filename = "doc.pdf", file_data = "data:application/pdf;base64," + Pdf } };

    private static object Messages(params object[] parts) => new[] { new { role = "user", content = parts } };

    private async Task<(HttpResponseMessage, JsonElement)> SendAsync(string model, object[] parts, string? session = null)
    {
        using var http = f.Client();
        var (r, body) = await f.PostAsync(http, model, new { messages = Messages(parts) }, session);
        return (r, body);
    }

    [Fact]
    public async Task OpenAIGetsEveryPartKindAndLaterTurnsSendThemAgainFromHistory()
    {
        var session = "parts-" + Guid.NewGuid().ToString("N")[..12];
        var (r, _) = await SendAsync(ProviderChatFixture.OpenAIModel, [Text("what is this?"), HttpImage(), DataImage(), AudioPart(), PdfPart()], session);
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        var content = UserContent(f.LastSent(), "messages");
        Assert.Equal("what is this?", (string)content[0]!["text"]!);
        Assert.Equal(ImageUrl, (string)content[1]!["image_url"]!["url"]!);
        Assert.Equal("data:image/png;base64," + Png, (string)content[2]!["image_url"]!["url"]!);
        Assert.Equal("wav", (string)content[3]!["input_audio"]!["format"]!);
        Assert.Equal(Wav, (string)content[3]!["input_audio"]!["data"]!);
        Assert.Equal("doc.pdf", (string)content[4]!["file"]!["filename"]!);
        Assert.Contains(Pdf, (string)content[4]!["file"]!["file_data"]!, StringComparison.Ordinal);

        var (again, _) = await SendAsync(ProviderChatFixture.OpenAIModel, [Text("and now?")], session);
        await again.ExpectJsonAsync(HttpStatusCode.OK);
        var wire = f.LastSent().ToJsonString();
        Assert.Contains(ImageUrl, wire, StringComparison.Ordinal);
        Assert.Contains(Wav, wire, StringComparison.Ordinal);
        Assert.Equal(1L, await f.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM messages WHERE session_id = '{session}' AND parts IS NOT NULL"));
    }

    [Fact]
    public async Task AnthropicGetsImagesAndDocuments()
    {
        var (r, _) = await SendAsync(ProviderChatFixture.AnthropicModel, [Text("look"), HttpImage(), DataImage(), PdfPart()]);
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        var content = UserContent(f.LastSent(), "messages");
        Assert.Equal("image", (string)content[1]!["type"]!);
        Assert.Equal(ImageUrl, (string)content[1]!["source"]!["url"]!);
        Assert.Equal("base64", (string)content[2]!["source"]!["type"]!);
        Assert.Equal(Png, (string)content[2]!["source"]!["data"]!);
        Assert.Equal("document", (string)content[3]!["type"]!);
        Assert.Equal(Pdf, (string)content[3]!["source"]!["data"]!);
    }

    [Fact]
    public async Task GeminiGetsInlineData()
    {
        var (r, _) = await SendAsync(ProviderChatFixture.GeminiModel, [Text("listen"), DataImage(), AudioPart(), PdfPart()]);
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        var parts = f.LastSent()["contents"]!.AsArray()[^1]!["parts"]!.AsArray();
        Assert.Equal("image/png", (string)parts[1]!["inlineData"]!["mimeType"]!);
        Assert.Equal(Png, (string)parts[1]!["inlineData"]!["data"]!);
        Assert.Equal("audio/wav", (string)parts[2]!["inlineData"]!["mimeType"]!);
        Assert.Equal("application/pdf", (string)parts[3]!["inlineData"]!["mimeType"]!);
    }

    public static TheoryData<string, string, string> Unsupported => new()
    {
        { ProviderChatFixture.AnthropicModel, "audio", "anthropic" },
        { ProviderChatFixture.GeminiModel, "http-image", "gemini" },
        { ProviderChatFixture.OpenAIModel, "text-file", "openai" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public async Task APartTheProviderCannotTakeIsRefusedNamingItAndWritesNothing(string model, string kind, string provider)
    {
        var part = kind switch
        {
            "audio" => AudioPart(),
            "http-image" => HttpImage(),
            _ => new { type = "file", file = new { filename = "a.txt", file_data = "data:text/plain;base64,aGVsbG8=" } },
        };
        var session = "parts-" + Guid.NewGuid().ToString("N")[..12];
        var before = f.Chat.Llm.RequestCount;
        var (r, body) = await SendAsync(model, [Text("hi"), part], session);
        Assert.Equal("invalid_request", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Contains(provider, body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("messages[0].content[1]", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(before, f.Chat.Llm.RequestCount);
        Assert.Equal(0L, await f.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE id = '{session}'"));
    }

    [Fact]
    public async Task MediaPastTheCapIs413AndWritesNothing()
    {
        var big = Convert.ToBase64String(new byte[600 * 1024]);
        var session = "parts-" + Guid.NewGuid().ToString("N")[..12];
        var before = f.Chat.Llm.RequestCount;
        var (r, _) = await SendAsync(ProviderChatFixture.OpenAIModel,
            [new { type = "image_url", image_url = new { url = "data:image/png;base64," + big } }], session);
        Assert.Equal("content_too_large", await r.ExpectErrorAsync(HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(before, f.Chat.Llm.RequestCount);
        Assert.Equal(0L, await f.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE id = '{session}'"));
    }

    [Theory]
    [InlineData("""{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}""")]
    [InlineData("""{"type":"image_url","image_url":{"url":"data:image/png,notbase64"}}""")]
    [InlineData("""{"type":"input_audio","input_audio":{"data":"AAAA","format":"flac"}}""")]
    [InlineData("""{"type":"file","file":{"file_id":"file-123"}}""")]
    [InlineData("""{"type":"video","video":{}}""")]
    public async Task AMalformedPartIs400(string part)
    {
        var (r, _) = await SendAsync(ProviderChatFixture.OpenAIModel, [JsonDocument.Parse(part).RootElement]);
        Assert.Equal("invalid_request", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
    }

    private static JsonArray UserContent(JsonNode sent, string messages) =>
        sent[messages]!.AsArray().Last(m => (string?)m!["role"] == "user")!["content"]!.AsArray();
}
