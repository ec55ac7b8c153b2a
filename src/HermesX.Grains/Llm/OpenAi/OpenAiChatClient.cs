using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.OpenAi;

/// <summary>
/// The Chat Completions client of the OpenAI provider (and every OpenAI-compatible server): the
/// request is written and the answer read by source-generated serializers over one shared
/// <see cref="HttpClient"/>, with no SDK model layer between. A message is encoded once and the
/// bytes kept as its raw representation, and a session's history is kept encoded in one buffer
/// (<see cref="EncodedHistory"/>), so a turn copies its history's bytes instead of serializing it again.
/// </summary>
public sealed class OpenAiChatClient(HttpClient http, Uri endpoint, string? apiKey, string modelId) : IChatClient
{
    private readonly Uri _completions = new(endpoint.AbsoluteUri.TrimEnd('/') + "/chat/completions");
    private readonly AuthenticationHeaderValue? _auth = string.IsNullOrEmpty(apiKey) ? null : new("Bearer", apiKey);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(messages, options, stream: false);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var completion = await JsonSerializer.DeserializeAsync(body, OpenAiJson.Default.ChatCompletionWire, cancellationToken)
            ?? throw new InvalidDataException("The model provider answered an empty body");
        return OpenAiAnswers.Response(completion);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = Request(messages, options, stream: true);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var calls = new OpenAiAnswers.StreamedCalls();
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            if (item.Data == "[DONE]")
            {
                break;
            }
            var chunk = JsonSerializer.Deserialize(item.Data, OpenAiJson.Default.ChatCompletionChunkWire);
            if (chunk is not null && OpenAiAnswers.Update(chunk, calls) is { } update)
            {
                yield return update;
            }
        }
        if (calls.Final() is { } last)
        {
            yield return last;
        }
    }

    private HttpRequestMessage Request(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var encoded = OpenAiMessages.For(messages);
        var length = 2048 + encoded.Length;
        var body = OpenAiRequests.For(this, options?.ModelId ?? modelId, encoded, options, stream);
        foreach (var tool in body.Tools ?? [])
        {
            length += tool.Utf8.Length + 1;
        }
        var request = new HttpRequestMessage(HttpMethod.Post, _completions)
        {
            Content = PooledJsonContent.Create(body, OpenAiJson.Default.ChatCompletionRequest, length),
        };
        request.Headers.Authorization = _auth;
        return request;
    }

    /// <summary>A refusal keeps its status for the resilience pipeline; the body (which may quote the request) stays out of the message.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(ct);
            throw new HttpRequestException($"The model provider answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // The HttpClient is the process's shared one (LlmHttpHandler).
    }
}
