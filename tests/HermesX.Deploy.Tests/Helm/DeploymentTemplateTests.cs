using HermesX.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Helm;

/// <summary>What the Deployment must carry for Orleans silos to cluster and shut down cleanly.</summary>
public sealed class DeploymentTemplateTests
{
    private static YamlNode Deployment() =>
        Yaml.LoadAll(HelmChart.StripActions(File.ReadAllText(Path.Combine(HelmChart.TemplatesFolder, "deployment.yaml"))))
            .Single().RootNode;

    private static YamlNode SiloContainer() =>
        Yaml.Items(Yaml.At(Deployment(), "spec.template.spec.containers"))
            .Single(container => Yaml.Scalar(Yaml.Get(container, "name")) == "hermesx");

    [Theory]
    [InlineData("POD_IP", "status.podIP")]
    [InlineData("HERMES_INSTANCE_ID", "metadata.name")]
    public void SiloIdentityComesFromTheDownwardApi(string variable, string fieldPath)
    {
        var entry = Yaml.Items(Yaml.Get(SiloContainer(), "env"))
            .SingleOrDefault(item => Yaml.Scalar(Yaml.Get(item, "name")) == variable);

        Assert.NotNull(entry);
        Assert.Equal(fieldPath, Yaml.Scalar(Yaml.At(entry, "valueFrom.fieldRef.fieldPath")));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("data-plane")]
    [InlineData("silo")]
    [InlineData("gateway")]
    public void ContainerDeclaresPort(string portName)
    {
        var names = Yaml.Items(Yaml.Get(SiloContainer(), "ports")).Select(port => Yaml.Scalar(Yaml.Get(port, "name")));

        Assert.Contains(portName, names);
    }

    [Fact]
    public void SiloPortsDefaultToOrleansConventions()
    {
        var values = HelmChart.Values();

        Assert.Equal("11111", Yaml.Scalar(Yaml.At(values, "orleans.siloPort")));
        Assert.Equal("30000", Yaml.Scalar(Yaml.At(values, "orleans.gatewayPort")));
    }

    [Fact]
    public void GracePeriodLeavesOrleansTimeToHandGrainsOff()
    {
        var values = HelmChart.Values();
        var grace = int.Parse(Yaml.Scalar(Yaml.At(values, "lifecycle.terminationGracePeriodSeconds"))!);
        var preStop = int.Parse(Yaml.Scalar(Yaml.At(values, "lifecycle.preStopSleepSeconds"))!);

        Assert.InRange(preStop, 1, 15);
        Assert.True(grace - preStop >= 30, $"only {grace - preStop}s left for the silo to shut down");
        Assert.NotNull(Yaml.At(SiloContainer(), "lifecycle.preStop"));
        Assert.NotNull(Yaml.At(Deployment(), "spec.template.spec.terminationGracePeriodSeconds"));
    }

    [Theory]
    [InlineData("livenessProbe", "probes.liveness.path")]
    [InlineData("readinessProbe", "probes.readiness.path")]
    public void ProbesAreHttpChecksOnTheHealthEndpoints(string probe, string valuesPath)
    {
        Assert.NotNull(Yaml.At(SiloContainer(), $"{probe}.httpGet.path"));
        var deploymentText = File.ReadAllText(Path.Combine(HelmChart.TemplatesFolder, "deployment.yaml"));
        Assert.Contains($".Values.{valuesPath}", deploymentText, StringComparison.Ordinal);
    }

    [Fact]
    public void MigrationsRunBeforeAnySiloStarts()
    {
        var initContainers = Yaml.Items(Yaml.At(Deployment(), "spec.template.spec.initContainers"));
        var jobText = File.ReadAllText(Path.Combine(HelmChart.TemplatesFolder, "migration-job.yaml"));

        Assert.Contains(initContainers, container => Yaml.Items(Yaml.Get(container, "args")).Any(arg => Yaml.Scalar(arg) == "migrate"));
        Assert.Contains("pre-install,pre-upgrade", jobText, StringComparison.Ordinal);
    }
}
