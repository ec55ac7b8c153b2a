using HermesX.Deploy.Tests.Infrastructure;
using HermesX.Deploy.Tests.Tools;
using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Kubernetes;

/// <summary>Kubernetes manifests applied with kubectl as they are (deploy/kind, deploy/otel-collector.yaml, …).</summary>
public sealed class RawManifestTests
{
    /// <summary>Every YAML file under deploy/ outside the chart whose documents are Kubernetes objects.</summary>
    public static TheoryData<string> Manifests() => new(ManifestPaths());

    private static IEnumerable<string> ManifestPaths() =>
        Repository.Files(".yaml", ".yml")
            .Select(Repository.Relative)
            .Where(path => path.StartsWith("deploy/", StringComparison.Ordinal) && !path.StartsWith("deploy/helm/", StringComparison.Ordinal))
            .Where(path => Objects(path).Any())
            .Order(StringComparer.Ordinal);

    private static IEnumerable<YamlMappingNode> Objects(string path) =>
        Yaml.LoadAll(File.ReadAllText(Repository.PathOf(path)))
            .Select(doc => doc.RootNode)
            .OfType<YamlMappingNode>()
            .Where(node => Yaml.Get(node, "apiVersion") is not null && Yaml.Get(node, "kind") is not null);

    [Fact]
    public void TheKindAndCollectorManifestsAreFound()
    {
        var manifests = ManifestPaths().ToList();

        Assert.Contains("deploy/kind/postgres.yaml", manifests);
        Assert.Contains("deploy/otel-collector.yaml", manifests);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public async Task ManifestPassesTheKubernetesSchemas(string manifest)
    {
        var result = await DeployTools.ValidateKubernetesAsync(File.ReadAllText(Repository.PathOf(manifest)));

        Assert.True(result.Succeeded, result.Describe());
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void EveryContainerRunsAsNonRootOnAReadOnlyRootWithoutPrivilegeEscalation(string manifest)
    {
        var workloads = Objects(manifest).Where(obj => Yaml.At(obj, "spec.template.spec") is not null);

        var problems = workloads.SelectMany(PodSecurity.Problems).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
