using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Text;

namespace HermesX.Frontend.Wire;

/// <summary>
/// Turns the serializer's refusal of a request body into the 400 a client can act on, naming the
/// field by its JSON path (<c>messages[0].content</c>). The serializer says where; the request
/// type's own metadata says what the field is, so "unknown field" and "must be an integer" come
/// from the same records that bound the body.
/// </summary>
public static class WireErrors
{
    public static ChatRequestException Explain(JsonException error, JsonTypeInfo root)
    {
        var (e, path, type, relative) = Innermost(error, root);
        if (e is UnstorableTextException || (path is not null && !StorableText.IsStorable(path)))
        {
            return Unstorable(path ?? "$");
        }
        // A reader error (bad syntax, a truncated body, too deep) has the reader's own exception inside.
        if (path is null || relative is null || e.InnerException is JsonException)
        {
            return new ChatRequestException("Invalid JSON body: malformed JSON", null, "invalid_json");
        }
        var segments = Segments(path);
        if (segments.Count == 0)
        {
            return new ChatRequestException("request body must be a JSON object", "body");
        }
        var param = Param(segments);
        return Resolve(type, Segments(relative)) switch
        {
            null => new ChatRequestException($"Unknown field '{param}': HermesX refuses fields it would not honour", param),
            { } leaf => new ChatRequestException($"'{param}' must be {Describe(leaf)}", param),
        };
    }

    /// <summary>
    /// Text that Postgres could not store: refused before anything is created, naming where it is
    /// (a property name that is itself the problem is named with U+FFFD in its place, never echoed).
    /// </summary>
    public static ChatRequestException Unstorable(string path)
    {
        path = StorableText.Sanitize(path);
        return new($"Invalid JSON body: text at {path} contains a NUL character or invalid Unicode", path.TrimStart('$', '.'), "invalid_json");
    }

    /// <summary>
    /// The error raised where the body went wrong, with its full path, and the type its own path
    /// starts from: the body's, or the one a union member's nested read was reading.
    /// </summary>
    private static (JsonException Error, string? Path, JsonTypeInfo Type, string? Relative) Innermost(JsonException e, JsonTypeInfo root)
    {
        var (path, type, relative) = (e.Path, root, e.Path);
        while (e is NestedWireException { InnerException: JsonException inner } nested)
        {
            path = inner.Path is null ? path : path + inner.Path.TrimStart('$');
            (type, relative) = (root.Options.GetTypeInfo(nested.Type), inner.Path);
            e = inner;
        }
        return (e, path, type, relative);
    }

    /// <summary>
    /// The metadata of the member at <paramref name="path"/> below <paramref name="type"/>, or null
    /// when its last name is not a member of the object it is in (an unknown field).
    /// </summary>
    private static JsonTypeInfo? Resolve(JsonTypeInfo type, List<object> path)
    {
        foreach (var segment in path)
        {
            type = Unwrap(type);
            Type? next = (type.Kind, segment) switch
            {
                (JsonTypeInfoKind.Object, string name) => type.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType,
                (JsonTypeInfoKind.Enumerable, int) or (JsonTypeInfoKind.Dictionary, string) => type.ElementType,
                _ => null,
            };
            if (next is null)
            {
                return null;
            }
            type = type.Options.GetTypeInfo(next);
        }
        return Unwrap(type);
    }

    private static JsonTypeInfo Unwrap(JsonTypeInfo type) =>
        Nullable.GetUnderlyingType(type.Type) is { } inner ? type.Options.GetTypeInfo(inner) : type;

    private static string Describe(JsonTypeInfo type) => type.Converter is IWireUnion union ? union.Expected : type.Kind switch
    {
        JsonTypeInfoKind.Enumerable => "an array",
        JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
        _ when type.Type == typeof(string) => "a string",
        _ when type.Type == typeof(bool) => "a boolean",
        _ when type.Type == typeof(int) || type.Type == typeof(long) => "an integer",
        _ when type.Type == typeof(double) => "a number",
        _ => "of another type",
    };

    /// <summary>The serializer's path (<c>$.a[0].b</c>, <c>$['x.y']</c>) as names and indexes.</summary>
    private static List<object> Segments(string path)
    {
        var segments = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                segments.Add(int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index) ? index : -1);
                i = end + 1;
            }
        }
        return segments;
    }

    /// <summary>A path as the error's <c>param</c>: <c>messages[0].content</c>.</summary>
    private static string Param(List<object> segments)
    {
        var param = new StringBuilder();
        foreach (var segment in segments)
        {
            _ = segment is int index ? param.Append('[').Append(index).Append(']') : param.Append(param.Length > 0 ? "." : "").Append(segment);
        }
        return param.ToString();
    }
}
