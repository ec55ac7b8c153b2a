using System.Text.Json;
using HermesX.Frontend.Chat;

namespace HermesX.Frontend.Messages;

/// <summary>Typed reads of optional Anthropic request fields; a null counts as absent, a wrong type names the field.</summary>
internal static class Json
{
    public static string? String(JsonElement e, string name, string? path = null) =>
        Present(e, name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ChatRequestException($"'{path ?? name}' must be a string", path ?? name)
            : null;

    public static int? Int(JsonElement e, string name) =>
        Present(e, name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new ChatRequestException($"'{name}' must be an integer", name)
            : null;

    public static double? Number(JsonElement e, string name) =>
        Present(e, name, out var v)
            ? v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new ChatRequestException($"'{name}' must be a number", name)
            : null;

    public static bool? Bool(JsonElement e, string name) =>
        Present(e, name, out var v)
            ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new ChatRequestException($"'{name}' must be a boolean", name)
            : null;

    /// <summary>Refuses any non-null property outside <paramref name="allowed"/>, naming it by its path.</summary>
    public static void AllowOnly(JsonElement e, string path, params string[] allowed)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Null && !allowed.Contains(p.Name))
            {
                throw MessagesRequestParser.Unsupported(path + "." + p.Name);
            }
        }
    }

    private static bool Present(JsonElement e, string name, out JsonElement value) =>
        e.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
