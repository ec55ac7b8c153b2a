using HermesX.Frontend.Wire;

namespace HermesX.Frontend.Embeddings;

/// <summary>An embeddings request HermesX accepted: the model asked for, the texts, and how to answer.</summary>
public sealed record ParsedEmbeddingRequest(string Model, IReadOnlyList<string> Inputs, bool Base64, int? Dimensions, string? User);

/// <summary>Checks a bound <see cref="CreateEmbeddingRequest"/>; the first problem throws <see cref="ChatRequestException"/> naming its field.</summary>
public static class EmbeddingRequestValidator
{
    /// <summary>OpenAI's own limit of inputs per request.</summary>
    public const int MaxInputs = 2048;

    public static ParsedEmbeddingRequest Validate(CreateEmbeddingRequest request)
    {
        var model = request.Model is { Length: > 0 } m ? m : throw new ChatRequestException("'model' is required", "model");
        return new ParsedEmbeddingRequest(model, Inputs(request.Input), Base64(request.EncodingFormat), Dimensions(request.Dimensions), EndUserField.Read(request.User, "user"));
    }

    private static List<string> Inputs(EmbeddingInput? input)
    {
        if (input is null)
        {
            throw new ChatRequestException("'input' is required: a string or an array of strings", "input");
        }
        if (input.HasTokenIds)
        {
            throw new ChatRequestException("'input' as token ids is not supported: HermesX embeds text, send a string or an array of strings", "input");
        }
        if (input.Texts.Count is 0 or > MaxInputs)
        {
            throw new ChatRequestException($"'input' must hold between 1 and {MaxInputs} strings", "input");
        }
        var texts = new List<string>(input.Texts.Count);
        for (var i = 0; i < input.Texts.Count; i++)
        {
            var param = input.Texts.Count == 1 && i == 0 ? "input" : $"input[{i}]";
            texts.Add(input.Texts[i] is { Length: > 0 } text ? text : throw new ChatRequestException($"'{param}' must be a non-empty string", param));
        }
        return texts;
    }

    private static bool Base64(string? format) => format switch
    {
        null or "float" => false,
        "base64" => true,
        _ => throw new ChatRequestException("'encoding_format' must be 'float' or 'base64'", "encoding_format"),
    };

    private static int? Dimensions(int? dimensions) =>
        dimensions is < 1 ? throw new ChatRequestException("'dimensions' must be a positive integer", "dimensions") : dimensions;
}
