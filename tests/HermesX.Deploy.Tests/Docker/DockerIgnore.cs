using System.Text.RegularExpressions;

namespace HermesX.Deploy.Tests.Docker;

/// <summary>
/// The .dockerignore patterns, matched the way Docker does for the forms used here
/// (`name`, `dir/`, `**/dir/`, `*.ext`); `!` exceptions are not used by HermesX.
/// </summary>
public sealed class DockerIgnore(IReadOnlyList<Regex> patterns)
{
    public static DockerIgnore Load(string path) => new(File.ReadAllLines(path)
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(ToRegex)
        .ToList());

    /// <summary>True when the path, or a folder containing it, is excluded from the build context.</summary>
    public bool Excludes(string relativePath)
    {
        var segments = relativePath.Trim('/').Split('/');
        return Enumerable.Range(1, segments.Length)
            .Select(count => string.Join('/', segments.Take(count)))
            .Any(prefix => patterns.Any(pattern => pattern.IsMatch(prefix)));
    }

    private static Regex ToRegex(string pattern)
    {
        var body = Regex.Escape(pattern.Trim('/'))
            .Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{body}$");
    }
}
