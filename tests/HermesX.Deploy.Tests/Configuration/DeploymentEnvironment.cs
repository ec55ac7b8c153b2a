using System.Text.RegularExpressions;
using HermesX.Deploy.Tests.Compose;
using HermesX.Deploy.Tests.Docker;
using HermesX.Deploy.Tests.Helm;
using HermesX.Deploy.Tests.Infrastructure;

namespace HermesX.Deploy.Tests.Configuration;

/// <summary>
/// Every place the deployment files set environment variables on a HermesX container, keyed by
/// a readable source name: Compose services, Helm values and templates, Kind values, Dockerfiles.
/// </summary>
public static partial class DeploymentEnvironment
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyCollection<string>>> _sources = new(Collect);

    public static IReadOnlyDictionary<string, IReadOnlyCollection<string>> Sources => _sources.Value;

    private static IReadOnlyDictionary<string, IReadOnlyCollection<string>> Collect()
    {
        var sources = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);

        foreach (var path in ComposeFile.All())
        {
            var compose = ComposeFile.Load(path);
            foreach (var service in compose.HermesxServices())
            {
                sources[$"{Repository.Relative(path)} service {service}"] = compose.Environment(service).Keys.ToList();
            }
        }

        foreach (var path in HelmValuesFiles())
        {
            var values = Yaml.LoadMapping(path);
            var names = Yaml.Keys(Yaml.Get(values, "env"))
                .Concat(Yaml.Items(Yaml.Get(values, "secretEnvKeys")).Select(Yaml.Scalar).OfType<string>());
            sources[Repository.Relative(path)] = names.ToList();
        }

        // The in-chart PostgreSQL sets its own image's variables (POSTGRES_PASSWORD, ...).
        foreach (var path in HelmChart.ManifestTemplates().Where(path => !path.EndsWith("postgresql.yaml", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(path);
            var names = ContainerEnvName().Matches(text).Concat(DataKeyName().Matches(text))
                .Select(match => match.Groups[1].Value)
                .Distinct();
            sources[Repository.Relative(path)] = names.ToList();
        }

        foreach (var path in Dockerfile.All())
        {
            sources[Repository.Relative(path)] = Dockerfile.Load(path).EnvironmentNames().ToList();
        }

        return sources;
    }

    /// <summary>values.yaml of the chart plus every values override file shipped beside it or for Kind.</summary>
    private static IEnumerable<string> HelmValuesFiles() =>
        Repository.Files(".yaml")
            .Where(path => Path.GetFileName(path).StartsWith("values", StringComparison.Ordinal))
            .Where(path => Repository.Relative(path).StartsWith("deploy/", StringComparison.Ordinal));

    // `- name: DATABASE_URL` in a container's env list (upper-case only: ports and containers are lower-case).
    [GeneratedRegex(@"^\s*-\s+name:\s+([A-Z][A-Z0-9_]*)\s*$", RegexOptions.Multiline)]
    private static partial Regex ContainerEnvName();

    // `  ORLEANS_SERVICE_ID: ...` as a ConfigMap or Secret data key.
    [GeneratedRegex(@"^\s+([A-Z][A-Z0-9_]*):\s", RegexOptions.Multiline)]
    private static partial Regex DataKeyName();
}
