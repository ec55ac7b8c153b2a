using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.Embeddings;

/// <summary>
/// The embeddings client of the OpenAI provider and every OpenAI-compatible server:
/// <c>POST {base_url}/embeddings</c> over the shared <see cref="HttpClient"/>, with the model's key.
/// <c>user</c> goes out from <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> under <see cref="UserProperty"/>.
/// </summary>
internal sealed class OpenAiEmbeddingGenerator(HttpClient http, Uri endpoint, string? apiKey, string modelId)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string UserProperty = "user";

    private readonly Uri _embeddings = new(endpoint.AbsoluteUri.TrimEnd('/') + "/embeddings");
    private readonly AuthenticationHeaderValue? _auth = string.IsNullOrEmpty(apiKey) ? null : new("Bearer", apiKey);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var body = new EmbeddingsRequestWire(options?.ModelId ?? modelId, inputs, options?.Dimensions,
            options?.AdditionalProperties?.TryGetValue(UserProperty, out var user) == true ? user as string : null);
        using var request = new HttpRequestMessage(HttpMethod.Post, _embeddings)
        {
            Content = JsonContent.Create(body, OpenAiEmbeddingJson.Default.EmbeddingsRequestWire),
        };
        request.Headers.Authorization = _auth;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The status is what the resilience pipeline classifies; the body may quote the input, so it stays out.
            throw new HttpRequestException($"The model provider answered {(int)response.StatusCode}", null, response.StatusCode);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var answer = await JsonSerializer.DeserializeAsync(stream, OpenAiEmbeddingJson.Default.EmbeddingsResponseWire, cancellationToken);
        return Read(answer, inputs.Count);
    }

    /// <summary>One vector per input, in the inputs' order whatever order the provider listed them in.</summary>
    private static GeneratedEmbeddings<Embedding<float>> Read(EmbeddingsResponseWire? answer, int count)
    {
        var data = answer?.Data ?? [];
        var vectors = new Embedding<float>?[count];
        foreach (var item in data)
        {
            if (item.Embedding is { } vector && item.Index >= 0 && item.Index < count)
            {
                vectors[item.Index] = new Embedding<float>(vector) { ModelId = answer!.Model };
            }
        }
        if (data.Count != count || vectors.Any(v => v is null))
        {
            throw new InvalidDataException($"The model provider answered {data.Count} embeddings for {count} inputs");
        }
        return new GeneratedEmbeddings<Embedding<float>>(vectors!)
        {
            Usage = answer!.Usage is { } usage ? new UsageDetails { InputTokenCount = usage.PromptTokens, TotalTokenCount = usage.TotalTokens } : null,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // The HttpClient is the process's shared one (LlmHttpHandler).
    }
}
