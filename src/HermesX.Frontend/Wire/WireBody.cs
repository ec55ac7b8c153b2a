using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HermesX.Frontend.Validation;

namespace HermesX.Frontend.Wire;

/// <summary>
/// Binds a request body to its wire record. The handler reads the body itself, rather than binding
/// a <c>[FromBody]</c> parameter, so a refused body is answered by the API's own error shape with
/// the field's path (<see cref="WireErrors"/>), not by the generic binding failure.
/// </summary>
public static class WireBody
{
    public static async ValueTask<T> ReadAsync<T>(Stream body, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(body, type, ct) ?? throw NotAnObject();
        }
        catch (JsonException e)
        {
            throw WireErrors.Explain(e, type);
        }
    }

    public static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw NotAnObject();
        }
        catch (JsonException e)
        {
            throw WireErrors.Explain(e, type);
        }
    }

    /// <summary>
    /// A member that must be a JSON object (a schema, a tool call's input), refused with
    /// <paramref name="refusal"/> otherwise. Its strings are not bound by the serializer, so they are
    /// checked here for text Postgres could not store.
    /// </summary>
    public static JsonElement Object(JsonElement? value, string param, string refusal)
    {
        if (value is not { ValueKind: JsonValueKind.Object } json)
        {
            throw new ChatRequestException(refusal, param);
        }
        return JsonText.FindProblem(json, "$." + param) is { } path ? throw WireErrors.Unstorable(path) : json;
    }

    private static ChatRequestException NotAnObject() => new("request body must be a JSON object", "body");
}
