using System.Text.Json.Serialization;

namespace HermesX.Grains.Llm.Embeddings;

/// <summary>The body of an OpenAI <c>POST /embeddings</c>; vectors are asked for as floats, which every compatible server speaks.</summary>
internal sealed record EmbeddingsRequestWire(
    string Model,
    IReadOnlyList<string> Input,
    int? Dimensions,
    string? User,
    string EncodingFormat = "float");

internal sealed record EmbeddingsResponseWire(IReadOnlyList<EmbeddingWire>? Data, string? Model, EmbeddingsUsageWire? Usage);

internal sealed record EmbeddingWire(int Index, float[]? Embedding);

internal sealed record EmbeddingsUsageWire(long PromptTokens, long TotalTokens);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmbeddingsRequestWire))]
[JsonSerializable(typeof(EmbeddingsResponseWire))]
internal sealed partial class OpenAiEmbeddingJson : JsonSerializerContext;
