using HermesX.Silo.Configuration;

namespace HermesX.Deploy.Tests.Configuration;

public sealed class EnvironmentVariableTests
{
    public static TheoryData<string> Sources() => new(DeploymentEnvironment.Sources.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Sources))]
    public void DeploymentSetsOnlyVariablesTheServiceReads(string source)
    {
        var unknown = DeploymentEnvironment.Sources[source].Except(EnvironmentVariableNames.All).ToList();

        Assert.True(unknown.Count == 0, $"{source} sets variables HermesX never reads: {string.Join(", ", unknown)}");
    }

    [Theory]
    [InlineData("docker-compose.quickstart.yml service hermesx", "DATABASE_URL")]
    [InlineData("docker-compose.prod.yml service hermesx-saas", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("deploy/docker-compose.multi-replica.yml service hermesx-2", "HERMES_INSTANCE_ID")]
    [InlineData("deploy/helm/hermesx/values.yaml", "HERMES_API_PORT")]
    [InlineData("deploy/helm/hermesx/values.yaml", "MINIO_SECRET_KEY")]
    [InlineData("deploy/helm/hermesx/templates/deployment.yaml", "POD_IP")]
    [InlineData("deploy/helm/hermesx/templates/configmap.yaml", "ORLEANS_CLUSTER_ID")]
    [InlineData("deploy/kind/values.local.yaml", "DATABASE_URL")]
    [InlineData("Dockerfile.saas", "SAAS_STATIC_DIR")]
    public void CollectorSeesTheVariablesEachSourceSets(string source, string variable)
    {
        // Guards the check above: a collector that found nothing would pass it vacuously.
        Assert.True(DeploymentEnvironment.Sources.ContainsKey(source), $"no environment collected from {source}");
        Assert.Contains(variable, DeploymentEnvironment.Sources[source]);
    }
}
