using HermesX.Deploy.Tests.Tools;

namespace HermesX.Deploy.Tests.Helm;

/// <summary>The chart as Helm itself reads it, and every object it renders against the Kubernetes schemas.</summary>
public sealed class HelmToolTests
{
    [Theory]
    [MemberData(nameof(ChartValues.All), MemberType = typeof(ChartValues))]
    public async Task ChartPassesHelmLintStrict(string valuesSet)
    {
        var result = await DeployTools.HelmAsync(["lint", "--strict", HelmChart.Folder, .. ChartValues.Arguments(valuesSet)]);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ChartValues.All), MemberType = typeof(ChartValues))]
    public async Task EveryRenderedObjectPassesTheKubernetesSchemas(string valuesSet)
    {
        var chart = await RenderedChart.OfAsync(valuesSet);

        var result = await DeployTools.ValidateKubernetesAsync(chart.Manifests);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains($"{chart.Objects.Count} objects, 0 invalid", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaValidatorRefusesAnObjectThatBreaksTheSchema()
    {
        const string broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec: {replicas: "two", selector: {}, template: {spec: {containers: [{name: app}]}}}
            """;

        var result = await DeployTools.ValidateKubernetesAsync(broken);

        Assert.False(result.Succeeded, result.Describe());
        Assert.Contains("/spec/replicas must be integer", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaValidatorRefusesAKindItHasNoSchemaFor()
    {
        var result = await DeployTools.ValidateKubernetesAsync("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");

        Assert.False(result.Succeeded, result.Describe());
        Assert.Contains("no Kubernetes schema for example.com/v1 Widget", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replicaCount=two", "at '/replicaCount': got string, want integer")]
    [InlineData("autoscaling.maxReplicas=ten", "at '/autoscaling/maxReplicas': got string, want integer")]
    [InlineData("env.SAAS_API_PORT=9090", "at '/env/SAAS_API_PORT': got number, want string")]
    [InlineData("migration.mode=job", "at '/migration/mode'")]
    [InlineData("lifecycle.shutdownDrainSeconds=soon", "at '/lifecycle/shutdownDrainSeconds': got string, want integer")]
    [InlineData("autoscaling.maxReplica=3", "additional properties 'maxReplica' not allowed")]
    public async Task WrongValueFailsNamingTheKey(string setting, string message)
    {
        var result = await RenderedChart.TemplateAsync("--set", setting);

        Assert.False(result.Succeeded, result.Describe());
        Assert.Contains("values don't meet the specifications of the schema", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }
}
