using System.Collections.Concurrent;
using HermesX.Deploy.Tests.Infrastructure;
using HermesX.Deploy.Tests.Tools;
using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Helm;

/// <summary>The objects `helm template` renders from the chart with one values set.</summary>
public sealed class RenderedChart
{
    public const string ReleaseName = "hx";

    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedChart>>> _cache = new(StringComparer.Ordinal);

    private RenderedChart(string manifests)
    {
        Manifests = manifests;
        Objects = [.. Yaml.LoadAll(manifests).Select(doc => doc.RootNode).OfType<YamlMappingNode>()];
    }

    /// <summary>The rendered YAML, as helm printed it.</summary>
    public string Manifests { get; }

    public IReadOnlyList<YamlMappingNode> Objects { get; }

    /// <summary>Renders once per values set; helm runs take seconds and many tests read the result.</summary>
    public static Task<RenderedChart> OfAsync(string valuesSet) =>
        _cache.GetOrAdd(valuesSet, name => new Lazy<Task<RenderedChart>>(() => RenderAsync(name))).Value;

    public static Task<ToolResult> TemplateAsync(params IEnumerable<string> extraArguments) =>
        DeployTools.HelmAsync(["template", ReleaseName, HelmChart.Folder, .. extraArguments]);

    public IEnumerable<YamlMappingNode> OfKind(string kind) =>
        Objects.Where(obj => Yaml.Scalar(Yaml.Get(obj, "kind")) == kind);

    public YamlMappingNode Single(string kind) => Assert.Single(OfKind(kind));

    /// <summary>Deployments, StatefulSets and Jobs: everything that runs containers.</summary>
    public IEnumerable<YamlMappingNode> Workloads() =>
        Objects.Where(obj => Yaml.Scalar(Yaml.Get(obj, "kind")) is "Deployment" or "StatefulSet" or "Job" or "DaemonSet");

    /// <summary>The Deployment of the silos (component "api"), not PgBouncer's.</summary>
    public YamlMappingNode SiloDeployment() =>
        Assert.Single(OfKind("Deployment"), deployment =>
            Yaml.Scalar(Yaml.Get(Yaml.At(deployment, "spec.template.metadata.labels"), "app.kubernetes.io/component")) == "api");

    public YamlNode SiloContainer() =>
        Yaml.Items(Yaml.At(SiloDeployment(), "spec.template.spec.containers"))
            .Single(container => Yaml.Scalar(Yaml.Get(container, "name")) == "hermesx");

    private static async Task<RenderedChart> RenderAsync(string valuesSet)
    {
        var result = await TemplateAsync(ChartValues.Arguments(valuesSet));
        Assert.True(result.Succeeded, result.Describe());
        return new RenderedChart(result.StandardOutput);
    }
}
