using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Frontend.Validation;
using HermesX.Frontend.Wire;

namespace HermesX.Frontend.Embeddings;

/// <summary>
/// The OpenAI Embeddings body, bound by <see cref="EmbeddingsJson"/>: any member not declared here is
/// refused by name. A null member counts as absent, as SDKs write unset fields as null.
/// </summary>
public sealed record CreateEmbeddingRequest
{
    public string? Model { get; init; }

    public EmbeddingInput? Input { get; init; }

    /// <summary><c>float</c> (the default) or <c>base64</c>: little-endian float32 components in base64.</summary>
    public string? EncodingFormat { get; init; }

    public int? Dimensions { get; init; }

    /// <summary>The end user, forwarded to the provider.</summary>
    public string? User { get; init; }
}

/// <summary>
/// <c>input</c>: a string or an array of strings. Token ids (an array of integers, or of integer
/// arrays) are read only to be refused by name: HermesX embeds text.
/// </summary>
[JsonConverter(typeof(EmbeddingInputConverter))]
public sealed record EmbeddingInput(IReadOnlyList<string?> Texts, bool HasTokenIds);

public sealed class EmbeddingInputConverter : WireUnionConverter<EmbeddingInput>
{
    public override string Expected => "a string or an array of strings";

    public override EmbeddingInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new EmbeddingInput([ReadString(ref reader, options)], false);
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Mismatch();
        }
        var texts = new List<string?>();
        var tokens = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    texts.Add(ReadString(ref reader, options));
                    break;
                case JsonTokenType.Number or JsonTokenType.StartArray:
                    tokens = true;
                    reader.Skip();
                    break;
                default:
                    throw Mismatch();
            }
        }
        return new EmbeddingInput(texts, tokens);
    }
}

/// <summary>The answer: one embedding per input, in the inputs' order.</summary>
public sealed record CreateEmbeddingResponse(IReadOnlyList<EmbeddingData> Data, string Model, EmbeddingUsage Usage)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

/// <summary>One input's vector: a JSON array of numbers, or a base64 string when <c>encoding_format</c> is <c>base64</c>.</summary>
public sealed record EmbeddingData(int Index, EmbeddingVector Embedding)
{
    [JsonPropertyOrder(-1)]
    public string Object => "embedding";
}

/// <summary>A vector as the request's <c>encoding_format</c> asked for it.</summary>
[JsonConverter(typeof(EmbeddingVectorConverter))]
public sealed record EmbeddingVector(float[] Values, bool Base64);

public sealed class EmbeddingVectorConverter : JsonConverter<EmbeddingVector>
{
    public override EmbeddingVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("embedding vectors are written only");

    public override void Write(Utf8JsonWriter writer, EmbeddingVector value, JsonSerializerOptions options)
    {
        if (value.Base64)
        {
            var bytes = new byte[value.Values.Length * sizeof(float)];
            for (var i = 0; i < value.Values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value.Values[i]);
            }
            writer.WriteBase64StringValue(bytes);
            return;
        }
        writer.WriteStartArray();
        foreach (var component in value.Values)
        {
            writer.WriteNumberValue(component);
        }
        writer.WriteEndArray();
    }
}

public sealed record EmbeddingUsage(long PromptTokens, long TotalTokens);

/// <summary>The Embeddings wire, source-generated with the same rules as <see cref="Chat.ChatJson"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(StorableStringConverter)])]
[JsonSerializable(typeof(CreateEmbeddingRequest))]
[JsonSerializable(typeof(CreateEmbeddingResponse))]
public sealed partial class EmbeddingsJson : JsonSerializerContext;
