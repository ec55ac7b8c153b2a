using HermesX.Grains.Abstractions.Text;
using System.Text.RegularExpressions;

namespace HermesX.Frontend.Wire;

/// <summary>The names a request may give that end up in keys, URLs and provider calls.</summary>
public static partial class WireNames
{
    /// <summary>A new id: <paramref name="prefix"/> and 32 random hex digits (<see cref="RandomIds"/>).</summary>
    public static string NewId(string prefix) => RandomIds.New(prefix);

    /// <summary>Session ids: 1-128 letters, digits, '-' or '_' (they are grain keys and URL segments).</summary>
    public static bool IsValidSessionId(string id) => SessionIdPattern().IsMatch(id);

    /// <summary>Tool names every provider accepts: 1-64 letters, digits, '_' or '-'.</summary>
    public static bool IsValidToolName(string name) => ToolNamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex SessionIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ToolNamePattern();
}
