using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;

namespace HermesX.Grains.Mcp;

/// <summary>
/// How a server's tools are named to the model: <c>{server_label}__{tool}</c>, within the providers'
/// function-name rule (letters, digits, '_' and '-', at most 64). A tool whose name cannot be put so,
/// that the server's allow-list leaves out, or whose schema is not a JSON object, is not offered.
/// </summary>
public static partial class McpToolNames
{
    public const string Separator = "__";
    public const int MaxNameLength = 64;
    public const int MaxDescriptionChars = 1024;
    public const int MaxSchemaBytes = 16 * 1024;

    public static string Qualified(string label, string tool) => label + Separator + tool;

    /// <param name="allowed">The server's allow-list; null offers every tool.</param>
    public static IReadOnlyList<McpToolListing> Offerable(string label, IReadOnlyCollection<string>? allowed, IEnumerable<Tool> tools, int max)
    {
        var offered = new List<McpToolListing>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            if (offered.Count >= max)
            {
                break;
            }
            if (!Name().IsMatch(tool.Name) || Qualified(label, tool.Name).Length > MaxNameLength || !seen.Add(tool.Name)
                || (allowed is not null && !allowed.Contains(tool.Name))
                || tool.InputSchema.ValueKind != JsonValueKind.Object || tool.InputSchema.GetRawText().Length > MaxSchemaBytes)
            {
                continue;
            }
            var description = tool.Description is { Length: > MaxDescriptionChars } d ? d[..MaxDescriptionChars] : tool.Description;
            offered.Add(new McpToolListing(tool.Name, description, tool.InputSchema.Clone()));
        }
        return offered;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Name();
}
