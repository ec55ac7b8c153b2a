namespace HermesX.Deploy.Tests.Helm;

/// <summary>The values files the chart is shipped with, each rendered and checked by the tests.</summary>
public static class ChartValues
{
    public const string Default = "default";
    public const string Kind = "kind";
    public const string Production = "production";
    public const string PgBouncer = "pgbouncer";

    private static readonly Dictionary<string, string[]> _files = new(StringComparer.Ordinal)
    {
        [Default] = [],
        [Kind] = ["deploy/kind/values.local.yaml"],
        [Production] = [$"{HelmChart.Folder}/values.production.yaml"],
        [PgBouncer] = [$"{HelmChart.Folder}/ci/pgbouncer-values.yaml"],
    };

    public static IEnumerable<string> Names => _files.Keys;

    public static TheoryData<string> All() => new(Names);

    /// <summary>helm arguments selecting a values set: -f FILE for each of its files.</summary>
    public static IEnumerable<string> Arguments(string name) => _files[name].SelectMany(file => new[] { "-f", file });
}
