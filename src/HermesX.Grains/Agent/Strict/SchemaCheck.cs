using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace HermesX.Grains.Agent.Strict;

/// <summary>JSON Schema (2020-12 by default) compiled and checked with JsonSchema.Net.</summary>
public static class SchemaCheck
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    /// <summary>The schema, or null with the reason when it cannot be built (bad keyword values, an unresolvable <c>$ref</c>).</summary>
    public static JsonSchema? Compile(string json, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            // A registry of its own: callers' schemas share no $id space, and none is kept after the turn.
            // It fetches nothing, so a remote $ref is unresolvable rather than a request HermesX makes.
            var root = document.RootElement.Clone();
            var schema = JsonSchema.Build(root, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            // The library resolves $ref only when evaluation reaches it; a dangling one must fail here, as the caller's error.
            error = DanglingReference(root, root) is { } reference
                ? $"'$ref' {reference} does not point inside the schema (HermesX fetches no schemas)"
                : null;
            return error is null ? schema : null;
        }
        catch (Exception e) when (e is JsonSchemaException or RefResolutionException or JsonException or ArgumentException or NotSupportedException or KeyNotFoundException)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>Keywords whose values are data, not subschemas: a "$ref" inside them is no reference.</summary>
    private static readonly HashSet<string> DataKeywords = ["const", "enum", "default", "examples"];

    private static string? DanglingReference(JsonElement node, JsonElement root)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            return node.EnumerateArray().Select(item => DanglingReference(item, root)).FirstOrDefault(r => r is not null);
        }
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (node.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String && !Resolves(r.GetString()!, root))
        {
            return r.GetString();
        }
        return node.EnumerateObject().Where(p => !DataKeywords.Contains(p.Name))
            .Select(p => DanglingReference(p.Value, root)).FirstOrDefault(x => x is not null);
    }

    /// <summary>"#" or a JSON pointer fragment that finds a value; a plain-name fragment (an $anchor) is left to the library.</summary>
    private static bool Resolves(string reference, JsonElement root) =>
        reference.StartsWith('#') &&
        (reference.Length == 1 || reference[1] != '/' || (JsonPointer.TryParse(reference, out var pointer) && pointer.Evaluate(root) is not null));

    /// <summary>The first way <paramref name="instance"/> breaks <paramref name="schema"/>, as "location: message", or null.</summary>
    public static string? FirstError(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, Options);
        if (results.IsValid)
        {
            return null;
        }
        foreach (var node in (results.Details ?? []).Prepend(results))
        {
            foreach (var (_, message) in node.Errors ?? new Dictionary<string, string>())
            {
                var at = node.InstanceLocation.ToString();
                return $"{(at.Length == 0 ? "(root)" : at)}: {message}";
            }
        }
        return "it does not match";
    }

    /// <summary>The text as one JSON value, or null when it is not JSON.</summary>
    public static JsonElement? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
