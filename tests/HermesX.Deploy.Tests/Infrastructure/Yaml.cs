using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Infrastructure;

/// <summary>Loading YAML and walking it, with YAML merge keys (&lt;&lt;) applied as Compose does.</summary>
public static class Yaml
{
    public static IReadOnlyList<YamlDocument> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents];
    }

    public static YamlMappingNode LoadMapping(string path) =>
        LoadAll(File.ReadAllText(path)).Single().RootNode as YamlMappingNode
        ?? throw new InvalidDataException($"{path}: the document is not a mapping");

    /// <summary>The mapping's entries by key, after merging in any &lt;&lt; mappings (explicit keys win).</summary>
    public static IReadOnlyDictionary<string, YamlNode> Entries(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (mapping.Children.TryGetValue(new YamlScalarNode("<<"), out var merged))
        {
            var sources = merged is YamlSequenceNode list ? list.Children : [merged];
            foreach (var source in sources.OfType<YamlMappingNode>())
            {
                foreach (var (key, value) in Entries(source))
                {
                    result[key] = value;
                }
            }
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name != "<<")
            {
                result[name] = value;
            }
        }

        return result;
    }

    public static YamlNode? Get(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && Entries(mapping).TryGetValue(key, out var value) ? value : null;

    /// <summary>Follows a dotted path (a.b.c) through nested mappings.</summary>
    public static YamlNode? At(YamlNode root, string dottedPath) =>
        dottedPath.Split('.').Aggregate((YamlNode?)root, Get);

    public static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<string> Keys(YamlNode? node) =>
        node is YamlMappingNode mapping ? Entries(mapping).Keys : [];

    public static IEnumerable<YamlNode> Items(YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children : [];
}
