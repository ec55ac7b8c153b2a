using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm.Resilience;
using Microsoft.Extensions.AI;
using Polly;

namespace HermesX.Grains.Llm.Embeddings;

/// <summary>
/// Each embeddings call to one deployment under its resilience pipeline, the one its chat calls share (timeout,
/// retries, circuit breaker): provider failures become <see cref="LlmException"/>s as a turn's do.
/// </summary>
internal sealed class ResilientEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelInfo model, ResiliencePipeline pipeline)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Materialised once: a retry must send exactly what the first attempt sent.
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        try
        {
            return await pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<GeneratedEmbeddings<Embedding<float>>>(
                    state.Client.InnerGenerator.GenerateAsync(state.Inputs, state.Options, ct)),
                (Client: this, Inputs: inputs, Options: options),
                cancellationToken);
        }
        catch (Exception e) when (LlmErrorClassifier.Translate(e, cancellationToken, model) is { } translated)
        {
            throw translated;
        }
    }
}
