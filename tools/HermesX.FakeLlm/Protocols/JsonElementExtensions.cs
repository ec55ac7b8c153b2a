using System.Text.Json;

namespace HermesX.FakeLlm.Protocols;

/// <summary>Lenient readers: a fake should accept whatever shape a client sends and never throw on it.</summary>
internal static class JsonElementExtensions
{
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string? Str(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool Bool(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.True };

    public static int? Int(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number)
            ? number
            : null;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>A JSON value as text: strings unquoted, anything else as raw JSON.</summary>
    public static string AsText(this JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "",
        JsonValueKind.Undefined or JsonValueKind.Null => "",
        _ => element.GetRawText(),
    };
}
