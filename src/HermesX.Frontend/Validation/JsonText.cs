using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Grains.Abstractions.Text;

namespace HermesX.Frontend.Validation;

/// <summary>Text in a JSON body that Postgres could not store: NUL (<c>\u0000</c>) or invalid UTF-8/UTF-16.</summary>
public sealed class UnstorableTextException(string message) : JsonException(message);

/// <summary>Finds unstorable text anywhere in a JSON document the service keeps (chat bodies, tenant config).</summary>
public static class JsonText
{
    /// <summary>The JSON path of the first unstorable string or property name, or null when all are storable.</summary>
    /// <remarks>Runs on every chat body: the path is only built on the way back from a problem, never for clean input.</remarks>
    public static string? FindProblem(JsonElement element, string path = "$")
    {
        var trail = new Stack<string>();
        return Clean(element, trail) ? null : path + string.Concat(trail);
    }

    /// <summary>True when everything below is storable; otherwise <paramref name="trail"/> holds the path segments to the problem.</summary>
    private static bool Clean(JsonElement element, Stack<string> trail)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsStorable(element);
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (!Clean(item, trail))
                    {
                        trail.Push($"[{i}]");
                        return false;
                    }
                    i++;
                }
                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return false;
                    }
                    if (!StorableText.IsStorable(name))
                    {
                        return false;
                    }
                    if (!Clean(property.Value, trail))
                    {
                        trail.Push("." + name);
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    private static bool IsStorable(JsonElement s)
    {
        try
        {
            return StorableText.IsStorable(s.GetString());
        }
        catch (InvalidOperationException)
        {
            // GetString refuses invalid UTF-8 and unpaired \uD800-style escapes.
            return false;
        }
    }
}

/// <summary>
/// The string converter of the API's JSON options: a NUL, invalid UTF-8 or an unpaired surrogate
/// inside a string, or in an object's key (a dictionary's), is refused with a 400 naming the field.
/// </summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Storable(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Storable(ref reader)!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string? Storable(ref Utf8JsonReader reader)
    {
        string? s;
        try
        {
            s = reader.GetString();
        }
        catch (InvalidOperationException) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            // GetString refuses invalid UTF-8 and unpaired \uD800-style escapes; any other token is a type error, left to the serializer.
            throw new UnstorableTextException("text contains a NUL character or invalid Unicode");
        }
        return StorableText.IsStorable(s) ? s : throw new UnstorableTextException("text contains a NUL character or invalid Unicode");
    }
}
