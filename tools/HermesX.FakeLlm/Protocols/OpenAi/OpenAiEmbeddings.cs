using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using HermesX.FakeLlm.Scripting;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols.OpenAi;

/// <summary>
/// OpenAI Embeddings: <c>POST /v1/embeddings</c>. Each input (a string, or a token array, which is
/// embedded as its JSON text and counts one token per id) gets <see cref="FakeEmbeddings.Vector"/>.
/// A scripted reply's <c>error</c> and <c>delay_ms</c> apply here as on chat; its text is not used.
/// </summary>
internal sealed class OpenAiEmbeddings(FakeLlmState state, FakeRequestHandler handler)
{
    private sealed record Input(string Text, int Tokens);

    public async Task HandleAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        }
        catch (JsonException)
        {
            handler.Record(context, OpenAiProtocol.Instance, body, model: null, stream: false);
            await OpenAiProtocol.Instance.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Request body is not valid JSON");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            var model = root.Str("model");
            handler.Record(context, OpenAiProtocol.Instance, body, model, stream: false);
            var scripted = state.TryDequeue(out var reply) ? reply : null;
            var delay = handler.LatencyFor(context) + (scripted?.DelayMs ?? 0);
            if (delay > 0)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            if (scripted?.ErrorStatus is { } status)
            {
                await OpenAiProtocol.Instance.WriteErrorAsync(context, status, scripted.ErrorMessage ?? $"Scripted error {status}");
                return;
            }
            if (Problem(root, out var inputs, out var dimensions, out var base64) is { } problem)
            {
                await OpenAiProtocol.Instance.WriteErrorAsync(context, StatusCodes.Status400BadRequest, problem);
                return;
            }
            await Write(context, model ?? "unknown", inputs, dimensions, base64);
        }
    }

    private static string? Problem(JsonElement root, out List<Input> inputs, out int dimensions, out bool base64)
    {
        inputs = [];
        dimensions = FakeEmbeddings.DefaultDimensions;
        base64 = false;
        if (root.Str("model") is null)
        {
            return "you must provide a model parameter";
        }
        if (Inputs(root.Prop("input")) is not { Count: > 0 } read)
        {
            return "'input' must be a non-empty string, array of strings, array of tokens or array of token arrays";
        }
        inputs = read;
        if (root.Prop("dimensions") is { ValueKind: not JsonValueKind.Null } asked)
        {
            if (asked.ValueKind != JsonValueKind.Number || !asked.TryGetInt32(out dimensions) || dimensions is < 1 or > FakeEmbeddings.MaxDimensions)
            {
                return $"'dimensions' must be an integer between 1 and {FakeEmbeddings.MaxDimensions}";
            }
        }
        switch (root.Str("encoding_format"))
        {
            case null or "float":
                break;
            case "base64":
                base64 = true;
                break;
            default:
                return "'encoding_format' must be 'float' or 'base64'";
        }
        return null;
    }

    private static List<Input>? Inputs(JsonElement? input)
    {
        switch (input)
        {
            case { ValueKind: JsonValueKind.String } text:
                return [Text(text.GetString()!)];
            case { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0:
                if (array.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number))
                {
                    return [new Input(array.GetRawText(), array.GetArrayLength())];
                }
                var inputs = new List<Input>();
                foreach (var item in array.EnumerateArray())
                {
                    Input? one = item.ValueKind switch
                    {
                        JsonValueKind.String => Text(item.GetString()!),
                        JsonValueKind.Array when item.GetArrayLength() > 0 && item.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number) =>
                            new Input(item.GetRawText(), item.GetArrayLength()),
                        _ => null,
                    };
                    if (one is null)
                    {
                        return null;
                    }
                    inputs.Add(one);
                }
                return inputs;
            default:
                return null;
        }
    }

    private static Input Text(string text) => new(text, TokenCounter.Count(text));

    private static Task Write(HttpContext context, string model, List<Input> inputs, int dimensions, bool base64) =>
        JsonBody.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (var i = 0; i < inputs.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                var vector = FakeEmbeddings.Vector(inputs[i].Text, dimensions);
                if (base64)
                {
                    writer.WriteString("embedding", FakeEmbeddings.Base64(vector));
                }
                else
                {
                    writer.WriteStartArray("embedding");
                    foreach (var component in vector)
                    {
                        writer.WriteNumberValue(component);
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteString("model", model);
            var tokens = inputs.Sum(input => input.Tokens);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", tokens);
            writer.WriteNumber("total_tokens", tokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
}
