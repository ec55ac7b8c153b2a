using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Gemini;

/// <summary>
/// <see cref="IChatClient"/> for the Gemini API (<c>generateContent</c>, <c>streamGenerateContent?alt=sse</c>).
/// No Google SDK is available to HermesX, so this speaks the REST format directly.
/// </summary>
internal sealed class GeminiChatClient(HttpClient http, Uri baseUri, string? apiKey, string modelId, TimeProvider time) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new(LlmProviders.Gemini, baseUri, modelId);

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(messages, options, "generateContent");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, default, cancellationToken);
        var chunk = GeminiResponseReader.Read(document.RootElement);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, chunk.Contents))
        {
            FinishReason = chunk.FinishReason,
            Usage = chunk.Usage,
            ResponseId = chunk.ResponseId,
            ModelId = chunk.ModelId ?? options?.ModelId ?? modelId,
            CreatedAt = time.GetUtcNow(),
            RawRepresentation = document.RootElement.Clone(),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(messages, options, "streamGenerateContent?alt=sse");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(item.Data))
            {
                continue;
            }

            using var document = JsonDocument.Parse(item.Data);
            var chunk = GeminiResponseReader.Read(document.RootElement);
            var contents = chunk.Contents;
            // Gemini repeats cumulative usage on every chunk; reporting it once keeps sums right.
            if (chunk.FinishReason is not null && chunk.Usage is { } usage)
            {
                contents.Add(new UsageContent(usage));
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                FinishReason = chunk.FinishReason,
                ResponseId = chunk.ResponseId,
                MessageId = chunk.ResponseId,
                ModelId = chunk.ModelId ?? options?.ModelId ?? modelId,
                CreatedAt = time.GetUtcNow(),
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The HttpClient is shared and owned by the client factory.
    }

    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string method)
    {
        var model = options?.ModelId ?? modelId;
        var body = GeminiRequestBuilder.Build(messages, options);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, $"models/{Uri.EscapeDataString(model)}:{method}"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Add("x-goog-api-key", apiKey);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(method.Contains("alt=sse") ? "text/event-stream" : "application/json"));
        return request;
    }

    /// <summary>Raises failures as <see cref="HttpRequestException"/> with the status, which the resilience layer reads.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = GeminiResponseReader.ErrorMessage(body) ?? response.ReasonPhrase ?? "request failed";
        throw new HttpRequestException(
            $"Gemini returned {(int)response.StatusCode}: {message}", null, response.StatusCode);
    }
}
