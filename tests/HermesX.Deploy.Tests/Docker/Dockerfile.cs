using System.Text.RegularExpressions;
using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Docker;

/// <summary>A Dockerfile split into instructions (continuation lines joined, comments dropped).</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<(string Keyword, string Arguments)> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    /// <summary>The root Dockerfile and its variants (Dockerfile.local, .k8s, .k8s-slim, .saas).</summary>
    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Repository.Root, "Dockerfile*").Order(StringComparer.Ordinal);

    public static Dockerfile Load(string path)
    {
        var instructions = new List<(string, string)>();
        var pending = string.Empty;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            pending += line.EndsWith('\\') ? line[..^1] + " " : line;
            if (!line.EndsWith('\\'))
            {
                var parts = pending.Split(' ', 2, StringSplitOptions.TrimEntries);
                instructions.Add((parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : string.Empty));
                pending = string.Empty;
            }
        }

        return new Dockerfile(path, instructions);
    }

    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(instruction => instruction.Keyword == keyword).Select(instruction => instruction.Arguments);

    /// <summary>Sources of COPY/ADD from the build context (not from another stage), relative to it.</summary>
    public IEnumerable<string> ContextSources() =>
        Arguments("COPY").Concat(Arguments("ADD"))
            .Select(Words)
            .Where(words => !words.Any(word => word.StartsWith("--from=", StringComparison.Ordinal)))
            .SelectMany(words =>
            {
                var paths = words.Where(word => !word.StartsWith("--", StringComparison.Ordinal)).ToList();
                return paths.Take(paths.Count - 1);
            });

    /// <summary>Names of the variables set with ENV (both `ENV A=1 B=2` and `ENV A 1`).</summary>
    public IEnumerable<string> EnvironmentNames() =>
        Arguments("ENV").SelectMany(arguments => arguments.Contains('=')
            ? EnvAssignment().Matches(arguments).Select(match => match.Groups[1].Value)
            : [arguments.Split(' ')[0]]);

    private static string[] Words(string arguments)
    {
        var trimmed = arguments.Trim();
        if (trimmed.StartsWith('['))
        {
            return JsonArrayItem().Matches(trimmed).Select(match => match.Groups[1].Value).ToArray();
        }

        return trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex EnvAssignment();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""")]
    private static partial Regex JsonArrayItem();
}
