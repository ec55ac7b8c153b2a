using System.Text.Json;
using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Abstractions.Tools;

namespace HermesX.Frontend.Tenants;

/// <summary>
/// A tenant's <c>tools_requiring_approval</c>: absent (leave as is), null (none) or a non-empty list of
/// server tool names. Read as a JSON element because absent and null mean different things on an update.
/// </summary>
public static class ToolApprovalsField
{
    public const string Name = "tools_requiring_approval";

    /// <summary>What is wrong with the field, or nothing; unknown tools are named.</summary>
    public static IEnumerable<(string Field, string Message)> Check(JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            yield break;
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0 || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            yield return (Name, $"'{Name}' must be a non-empty list of server tool names, or null for none");
            yield break;
        }
        var unknown = value.EnumerateArray().Select(e => e.GetString()!).Where(n => !ServerToolNames.All.Contains(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            yield return (Name, $"'{Name}' names unknown server tools: {string.Join(", ", unknown.Select(n => $"'{Clip(n)}'"))}"
                + $" (server tools: {string.Join(", ", ServerToolNames.All)})");
        }
    }

    /// <summary>The change a valid field makes, or null when it is absent.</summary>
    public static ToolApprovalsChange? Change(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => null,
        JsonValueKind.Array => new ToolApprovalsChange(value.EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.Ordinal).ToArray()),
        _ => new ToolApprovalsChange(null),
    };

    // An unknown name is echoed back, but never a whole megabyte of it.
    private static string Clip(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
