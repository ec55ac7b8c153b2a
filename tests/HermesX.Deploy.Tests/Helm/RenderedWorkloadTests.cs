using HermesX.Deploy.Tests.Infrastructure;
using HermesX.Deploy.Tests.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace HermesX.Deploy.Tests.Helm;

/// <summary>What the rendered objects must say for silos to scale, roll and stop safely.</summary>
public sealed class RenderedWorkloadTests
{
    public static TheoryData<string> AutoscaledValues() => new(ChartValues.Default, ChartValues.Production, ChartValues.PgBouncer);

    private static int Int(YamlNode? node) =>
        int.Parse(Yaml.Scalar(node) ?? throw new InvalidDataException("missing number"), System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(AutoscaledValues))]
    public async Task HpaScalesTheSiloDeploymentFromTwoToTenOnCpuAndMemory(string valuesSet)
    {
        var chart = await RenderedChart.OfAsync(valuesSet);
        var hpa = chart.Single("HorizontalPodAutoscaler");
        var deployment = chart.SiloDeployment();

        Assert.Equal("autoscaling/v2", Yaml.Scalar(Yaml.Get(hpa, "apiVersion")));
        Assert.Equal("Deployment", Yaml.Scalar(Yaml.At(hpa, "spec.scaleTargetRef.kind")));
        Assert.Equal(Yaml.Scalar(Yaml.At(deployment, "metadata.name")), Yaml.Scalar(Yaml.At(hpa, "spec.scaleTargetRef.name")));
        Assert.Equal(2, Int(Yaml.At(hpa, "spec.minReplicas")));
        Assert.Equal(10, Int(Yaml.At(hpa, "spec.maxReplicas")));
        var targets = Yaml.Items(Yaml.At(hpa, "spec.metrics")).ToDictionary(
            metric => Yaml.Scalar(Yaml.At(metric, "resource.name"))!,
            metric => Int(Yaml.At(metric, "resource.target.averageUtilization")));
        Assert.Equal(new Dictionary<string, int> { ["cpu"] = 70, ["memory"] = 80 }, targets);
        // One silo at a time leaves, so its grains re-activate elsewhere before the next goes.
        var policy = Assert.Single(Yaml.Items(Yaml.At(hpa, "spec.behavior.scaleDown.policies")));
        Assert.Equal("Pods", Yaml.Scalar(Yaml.Get(policy, "type")));
        Assert.Equal(1, Int(Yaml.Get(policy, "value")));
        Assert.Equal(60, Int(Yaml.Get(policy, "periodSeconds")));
        // The HPA owns the replica count; a fixed one would fight it on every upgrade.
        Assert.Null(Yaml.At(deployment, "spec.replicas"));
    }

    [Fact]
    public async Task KindRunsTwoFixedReplicasWithoutAnHpa()
    {
        var chart = await RenderedChart.OfAsync(ChartValues.Kind);

        Assert.Empty(chart.OfKind("HorizontalPodAutoscaler"));
        Assert.Equal(2, Int(Yaml.At(chart.SiloDeployment(), "spec.replicas")));
    }

    [Theory]
    [MemberData(nameof(ChartValues.All), MemberType = typeof(ChartValues))]
    public async Task PdbKeepsOneSiloUpAndSelectsOnlySiloPods(string valuesSet)
    {
        var chart = await RenderedChart.OfAsync(valuesSet);
        var pdb = chart.Single("PodDisruptionBudget");
        var podLabels = Yaml.Entries((YamlMappingNode)Yaml.At(chart.SiloDeployment(), "spec.template.metadata.labels")!);

        Assert.Equal(1, Int(Yaml.At(pdb, "spec.minAvailable")));
        var selector = Yaml.Entries((YamlMappingNode)Yaml.At(pdb, "spec.selector.matchLabels")!);
        Assert.NotEmpty(selector);
        Assert.All(selector, label => Assert.Equal(Yaml.Scalar(label.Value), Yaml.Scalar(podLabels.GetValueOrDefault(label.Key))));
        Assert.Equal("api", Yaml.Scalar(selector["app.kubernetes.io/component"]));
    }

    [Theory]
    [MemberData(nameof(ChartValues.All), MemberType = typeof(ChartValues))]
    public async Task ProbesCheckTheHealthEndpointsOnTheApiPort(string valuesSet)
    {
        var silo = (await RenderedChart.OfAsync(valuesSet)).SiloContainer();
        var ports = Yaml.Items(Yaml.Get(silo, "ports")).Select(port => Yaml.Scalar(Yaml.Get(port, "name"))).ToList();

        Assert.Equal("/health/live", Yaml.Scalar(Yaml.At(silo, "livenessProbe.httpGet.path")));
        Assert.Equal("/health/ready", Yaml.Scalar(Yaml.At(silo, "readinessProbe.httpGet.path")));
        Assert.Equal("/health/live", Yaml.Scalar(Yaml.At(silo, "startupProbe.httpGet.path")));
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            Assert.Contains(Yaml.Scalar(Yaml.At(silo, $"{probe}.httpGet.port")), ports);
        }

        // The startup probe gives a silo at least a minute to join the cluster before liveness counts.
        Assert.True(Int(Yaml.At(silo, "startupProbe.periodSeconds")) * Int(Yaml.At(silo, "startupProbe.failureThreshold")) >= 60);
    }

    [Theory]
    [MemberData(nameof(ChartValues.All), MemberType = typeof(ChartValues))]
    public async Task ShutdownWaitsForEndpointsToDropThenLeavesOrleansTimeToHandOff(string valuesSet)
    {
        var chart = await RenderedChart.OfAsync(valuesSet);
        var silo = chart.SiloContainer();
        var grace = Int(Yaml.At(chart.SiloDeployment(), "spec.template.spec.terminationGracePeriodSeconds"));

        var preStop = Yaml.At(silo, "lifecycle.preStop")!;
        var sleep = Yaml.At(preStop, "sleep.seconds") is { } seconds
            ? Int(seconds)
            : Int(Assert.Single(Yaml.Items(Yaml.At(preStop, "exec.command")), arg => Yaml.Scalar(arg) != "sleep"));
        Assert.InRange(sleep, 1, 15);
        Assert.True(grace - sleep >= 30, $"grace {grace}s minus preStop {sleep}s leaves too little for the silo to leave the cluster");

        // The silo's own shutdown timeout is its drain plus 45 s for Orleans (SiloHost.OrleansShutdownTime).
        var drain = Int(Yaml.Get(Assert.Single(Yaml.Items(Yaml.Get(silo, "env")),
            item => Yaml.Scalar(Yaml.Get(item, "name")) == "HERMES_SHUTDOWN_DRAIN_SECONDS"), "value"));
        Assert.True(drain >= 1, $"a drain of {drain}s gives load balancers no time to see readiness fail");
        Assert.True(grace >= sleep + drain + 45, $"grace {grace}s cannot hold preStop {sleep}s + drain {drain}s + 45s for Orleans");
    }

    [Fact]
    public async Task AGracePeriodShorterThanPreStopDrainAndHandOffIsRefused()
    {
        var result = await RenderedChart.TemplateAsync("--set", "lifecycle.terminationGracePeriodSeconds=50", "--set", "lifecycle.shutdownDrainSeconds=10");

        Assert.False(result.Succeeded, result.Describe());
        Assert.Contains("lifecycle.terminationGracePeriodSeconds (50) must be at least", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ChartValues.All), MemberType = typeof(ChartValues))]
    public async Task SiloRequestsAndCapsCpuAndMemory(string valuesSet)
    {
        var silo = (await RenderedChart.OfAsync(valuesSet)).SiloContainer();

        Assert.NotNull(Yaml.At(silo, "resources.requests.cpu"));
        Assert.NotNull(Yaml.At(silo, "resources.requests.memory"));
        Assert.NotNull(Yaml.At(silo, "resources.limits.memory"));
        Assert.NotNull(Yaml.At(silo, "resources.limits.cpu"));
    }

    [Theory]
    [MemberData(nameof(ChartValues.All), MemberType = typeof(ChartValues))]
    public async Task EveryContainerRunsAsNonRootOnAReadOnlyRootWithoutPrivilegeEscalation(string valuesSet)
    {
        var chart = await RenderedChart.OfAsync(valuesSet);

        var workloads = chart.Workloads().ToList();
        var problems = workloads.SelectMany(PodSecurity.Problems).ToList();

        Assert.NotEmpty(workloads);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(ChartValues.All), MemberType = typeof(ChartValues))]
    public async Task PodsNeverMountAKubernetesApiToken(string valuesSet)
    {
        var chart = await RenderedChart.OfAsync(valuesSet);

        Assert.All(chart.Workloads(), workload =>
            Assert.Equal("false", Yaml.Scalar(Yaml.Get(PodSecurity.PodSpec(workload), "automountServiceAccountToken"))));
    }

    [Fact]
    public async Task PgBouncerPoolsTransactionsAndTheSilosConnectThroughIt()
    {
        var chart = await RenderedChart.OfAsync(ChartValues.PgBouncer);
        var bouncer = Assert.Single(chart.OfKind("Deployment"), d => Yaml.Scalar(Yaml.At(d, "metadata.name"))!.EndsWith("-pgbouncer", StringComparison.Ordinal));
        var configMap = Assert.Single(chart.OfKind("ConfigMap"), c => Yaml.Scalar(Yaml.At(c, "metadata.name"))!.EndsWith("-pgbouncer", StringComparison.Ordinal));
        var config = Yaml.Scalar(Yaml.Get(Yaml.Get(configMap, "data"), "pgbouncer.ini"))!;
        var secret = chart.OfKind("Secret").Single(s => Yaml.Scalar(Yaml.At(s, "metadata.name")) == $"{RenderedChart.ReleaseName}-hermesx");
        var databaseUrl = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Yaml.Scalar(Yaml.At(secret, "data.DATABASE_URL"))!));

        Assert.Contains("pool_mode = transaction", config, StringComparison.Ordinal);
        Assert.Contains("* = host=hx-hermesx-postgresql port=5432", config, StringComparison.Ordinal);
        Assert.Contains("@hx-hermesx-pgbouncer:6432/", databaseUrl, StringComparison.Ordinal);
        Assert.Equal(2, Int(Yaml.At(bouncer, "spec.replicas")));
    }

    [Fact]
    public async Task PgBouncerTracksPreparedStatementsOrTheSilosPrepareNone()
    {
        // Tracking on (the default, PgBouncer 1.21 and later): the setting is written and the silos prepare.
        var tracked = await RenderedChart.TemplateAsync("--set", "pgbouncer.enabled=true");
        Assert.True(tracked.Succeeded, tracked.Describe());
        Assert.Contains("max_prepared_statements = 200", tracked.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("HERMES_DB_PREPARED_STATEMENTS", tracked.StandardOutput, StringComparison.Ordinal);

        // Tracking off (an older PgBouncer, as in CI): no setting it would refuse, and nothing prepared.
        var chart = await RenderedChart.OfAsync(ChartValues.PgBouncer);
        var bouncerConfig = Assert.Single(chart.OfKind("ConfigMap"), c => Yaml.Scalar(Yaml.At(c, "metadata.name"))!.EndsWith("-pgbouncer", StringComparison.Ordinal));
        Assert.DoesNotContain("max_prepared_statements", Yaml.Scalar(Yaml.Get(Yaml.Get(bouncerConfig, "data"), "pgbouncer.ini"))!, StringComparison.Ordinal);
        var siloConfig = chart.OfKind("ConfigMap").Single(c => Yaml.Scalar(Yaml.At(c, "metadata.name")) == $"{RenderedChart.ReleaseName}-hermesx");
        Assert.Equal("false", Yaml.Scalar(Yaml.At(siloConfig, "data.HERMES_DB_PREPARED_STATEMENTS")));

        var contradiction = await RenderedChart.TemplateAsync([.. ChartValues.Arguments(ChartValues.PgBouncer), "--set-string", "env.HERMES_DB_PREPARED_STATEMENTS=true"]);
        Assert.False(contradiction.Succeeded, contradiction.Describe());
        Assert.Contains("env.HERMES_DB_PREPARED_STATEMENTS cannot be true", contradiction.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PgBouncerWithAnExternalDatabaseNeedsItsHostAndLogins()
    {
        var result = await RenderedChart.TemplateAsync([.. ChartValues.Arguments(ChartValues.Production), "--set", "pgbouncer.enabled=true"]);

        Assert.False(result.Succeeded, result.Describe());
        Assert.Contains("pgbouncer.enabled with an external PostgreSQL needs pgbouncer.server.host", result.StandardError, StringComparison.Ordinal);
    }
}
