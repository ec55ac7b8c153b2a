using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace HermesX.Grains.Abstractions.Skills;

/// <summary>The front matter fields HermesX reads; other fields are kept in the raw text only.</summary>
public sealed record SkillFrontMatter(string Name, string Description, string? Version, IReadOnlyList<string> Tags);

/// <summary>What is wrong with a SKILL.md or persona, and which field (or "content") it concerns.</summary>
public sealed record SkillProblem(string Field, string Message);

/// <summary>A parsed, valid SKILL.md: front matter, the Markdown body after it, and the text as stored.</summary>
public sealed record SkillDocument(SkillFrontMatter Meta, string Body, string Raw)
{
    /// <summary>Cap on a whole SKILL.md: the body is read into prompts through skill_view.</summary>
    public const int MaxBytes = 64 * 1024;
    public const int MaxDescriptionLength = 1024;
    public const int MaxTags = 20;
    public const int MaxTagLength = 64;
    public const int MaxYamlDepth = 16;
    public const int MaxYamlAliases = 16;
    public const int MaxYamlNodes = 4096;

    /// <summary>Parses and validates; null with <paramref name="problem"/> set when the text is not a valid skill.</summary>
    public static SkillDocument? TryParse(string raw, out SkillProblem? problem)
    {
        problem = Validate(raw, out var document);
        return problem is null ? document : null;
    }

    private static SkillProblem? Validate(string raw, out SkillDocument? document)
    {
        document = null;
        if (Encoding.UTF8.GetByteCount(raw) > MaxBytes)
        {
            return new("content", $"SKILL.md is larger than {MaxBytes / 1024} KiB");
        }
        if (!FrontMatter.TrySplit(raw, out var yaml, out var body))
        {
            return new("content", "SKILL.md must start with YAML front matter between '---' lines");
        }
        YamlMappingNode map;
        try
        {
            if (ShapeProblem(yaml) is { } shape)
            {
                return new("content", shape);
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                return new("content", "front matter must be a YAML mapping of fields");
            }
            map = m;
        }
        // Untrusted text: besides YamlException, YamlDotNet 18 throws InvalidOperationException on some
        // malformed plain scalars and ArgumentException on duplicate keys. Any of them means "not valid YAML".
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            // Mark lines count from 1 within the front matter; +1 for the opening '---' gives the file's line.
            var line = e is YamlException y ? $" (line {y.Start.Line + 1})" : "";
            return new("content", $"front matter is not valid YAML{line}");
        }

        if (!TryText(map, "name", out var name) || !TryText(map, "description", out var description) || !TryText(map, "version", out var version))
        {
            return new("content", "'name', 'description' and 'version' must be text, not lists or mappings");
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            return new("name", "front matter field 'name' is required");
        }
        if (!SkillKeys.IsValidName(name))
        {
            return new("name", $"'name' must be 1-{SkillKeys.MaxNameLength} lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
        description = description?.Trim();
        if (string.IsNullOrEmpty(description))
        {
            return new("description", "front matter field 'description' is required");
        }
        if (description.Length > MaxDescriptionLength)
        {
            return new("description", $"'description' must be at most {MaxDescriptionLength} characters");
        }
        version = string.IsNullOrWhiteSpace(version) ? null : version.Trim();
        if (version is { Length: > 64 })
        {
            return new("version", "'version' must be at most 64 characters");
        }
        if (!TryTags(map, out var tags, out var tagProblem))
        {
            return tagProblem;
        }
        if (string.IsNullOrWhiteSpace(body))
        {
            return new("content", "SKILL.md has no body after the front matter");
        }
        document = new SkillDocument(new SkillFrontMatter(name, description, version, tags), body, raw);
        return null;
    }

    /// <summary>
    /// Walks the YAML as parser events, which YamlDotNet produces without recursion, and refuses
    /// what the recursive document loader must never see: nesting deep enough to overflow the stack
    /// (one request could kill the silo) or so many nodes and aliases that loading stalls it.
    /// </summary>
    private static string? ShapeProblem(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        int depth = 0, nodes = 0, aliases = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxYamlDepth:
                    return $"front matter nests deeper than {MaxYamlDepth} levels";
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                case AnchorAlias when ++aliases > MaxYamlAliases:
                    return $"front matter uses more than {MaxYamlAliases} aliases";
            }
            if (++nodes > MaxYamlNodes)
            {
                return $"front matter has more than {MaxYamlNodes} YAML nodes";
            }
        }
        return null;
    }

    private static bool TryTags(YamlMappingNode map, out IReadOnlyList<string> tags, out SkillProblem? problem)
    {
        tags = [];
        problem = null;
        if (!map.Children.TryGetValue(new YamlScalarNode("tags"), out var node))
        {
            return true;
        }
        if (node is YamlScalarNode { Value: null or "" })
        {
            return true;
        }
        if (node is not YamlSequenceNode seq || seq.Children.Count > MaxTags
            || seq.Children.Any(t => t is not YamlScalarNode { Value: { Length: > 0 and <= MaxTagLength } }))
        {
            problem = new("tags", $"'tags' must be a list of at most {MaxTags} texts of 1-{MaxTagLength} characters");
            return false;
        }
        tags = seq.Children.Select(t => ((YamlScalarNode)t).Value!).ToList();
        return true;
    }

    /// <summary>False when the field is present but not a scalar; <paramref name="value"/> is null when absent.</summary>
    private static bool TryText(YamlMappingNode map, string key, out string? value)
    {
        value = null;
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return true;
        }
        if (node is not YamlScalarNode scalar)
        {
            return false;
        }
        value = scalar.Value;
        return true;
    }
}
