using System.Globalization;
using System.Text;

namespace HermesX.IntegrationTests.Observability;

/// <summary>One sample line of the Prometheus text format.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";
}

/// <summary>A parsed scrape: metric family types and helps from the comments, and every sample.</summary>
public sealed class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, Dictionary<string, string> helps, List<Sample> samples)
    {
        Types = types;
        Helps = helps;
        Samples = samples;
    }

    public IReadOnlyDictionary<string, string> Types { get; }
    public IReadOnlyDictionary<string, string> Helps { get; }
    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Samples of a family: for a histogram its _bucket, _sum and _count series.</summary>
    public IEnumerable<Sample> Family(string name) => Samples.Where(s =>
        s.Name == name || (Types.GetValueOrDefault(name) == "histogram" && s.Name is var n &&
            (n == name + "_bucket" || n == name + "_sum" || n == name + "_count")));

    /// <summary>Whether a series name a query may use (a family, or a histogram's _bucket/_sum/_count) is exposed.</summary>
    public bool Exposes(string series) =>
        Types.ContainsKey(series) ||
        new[] { "_bucket", "_sum", "_count" }.Any(suffix =>
            series.EndsWith(suffix, StringComparison.Ordinal) && Types.GetValueOrDefault(series[..^suffix.Length]) == "histogram");

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                types[parts[2]] = parts[3];
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                helps[parts[2]] = parts.Length > 3 ? parts[3] : "";
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                samples.Add(ParseSample(line));
            }
        }
        return new PrometheusText(types, helps, samples);
    }

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{');
        var space = line.IndexOf(' ');
        string name;
        int rest;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq];
                var value = new StringBuilder();
                var j = eq + 2; // past ="
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }
                labels[key] = value.ToString();
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }
            rest = i + 1;
        }
        else
        {
            name = line[..space];
            rest = space;
        }
        var number = line[rest..].Trim().Split(' ')[0];
        return new Sample(name, labels, number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, CultureInfo.InvariantCulture),
        });
    }
}
