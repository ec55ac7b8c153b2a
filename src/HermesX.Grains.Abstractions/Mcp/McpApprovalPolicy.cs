using System.Text.Json;

namespace HermesX.Grains.Abstractions.Mcp;

/// <summary>
/// A server's <c>require_approval</c> as stored: <c>always</c>, <c>never</c>, or OpenAI's filter object
/// <c>{"always":{"tool_names":[…]},"never":{"tool_names":[…]}}</c> kept as its JSON text. With the object, a tool
/// named under <c>never</c> runs unasked and every other tool waits for approval (a tool nobody listed is not trusted).
/// </summary>
public static class McpApprovalPolicy
{
    public const string Always = "always";
    public const string Never = "never";

    /// <summary>Whether a call of <paramref name="tool"/> (its name on the server) needs a person's approval.</summary>
    public static bool Requires(string policy, string tool)
    {
        switch (policy)
        {
            case Never:
                return false;
            case Always:
                return true;
        }
        using var doc = JsonDocument.Parse(policy);
        return Names(doc.RootElement, Always).Contains(tool) || !Names(doc.RootElement, Never).Contains(tool);
    }

    /// <summary>The tool names the filter object lists under <paramref name="filter"/> (<c>always</c> or <c>never</c>).</summary>
    public static IReadOnlyList<string> Names(JsonElement policy, string filter) =>
        policy.ValueKind == JsonValueKind.Object && policy.TryGetProperty(filter, out var f) && f.ValueKind == JsonValueKind.Object
        && f.TryGetProperty("tool_names", out var names) && names.ValueKind == JsonValueKind.Array
            ? [.. names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!)]
            : [];
}
