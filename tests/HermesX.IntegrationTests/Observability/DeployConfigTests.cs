using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using YamlDotNet.RepresentationModel;

namespace HermesX.IntegrationTests.Observability;

/// <summary>The shipped alert rules, collector and Grafana dashboard parse and use only metrics a silo exposes.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class DeployConfigTests(ObservabilityFixture fixture)
{
    // Series Prometheus itself adds to every scrape target.
    private static readonly string[] PrometheusBuiltIns = ["up"];

    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task AlertRulesParseAndEveryMetricTheyUseIsScraped()
    {
        var groups = (YamlSequenceNode)Map(Load("deploy/prometheus/alerts.yml").Single())["groups"];
        var rules = groups.Cast<YamlMappingNode>().SelectMany(g => ((YamlSequenceNode)Map(g)["rules"]).Cast<YamlMappingNode>()).ToList();
        var alerts = rules.ToDictionary(r => Scalar(r, "alert"), r => Scalar(r, "expr"));
        foreach (var seed in new[] { "HermesHighErrorRate", "HermesLLMSlow", "HermesRateLimitSurge", "HermesInstanceDown", "HermesNotReady", "HermesClusterMembershipShrunk" })
        {
            Assert.Contains(seed, alerts.Keys);
        }
        Assert.All(rules, r => Assert.Matches(@"^\d+m$", Scalar(r, "for")));
        Assert.Contains("hermes_http_requests_total", PromQl.MetricNames(alerts["HermesHighErrorRate"]));
        Assert.Contains("hermes_llm_request_duration_seconds_bucket", PromQl.MetricNames(alerts["HermesLLMSlow"]));
        Assert.Contains("hermes_rate_limit_rejected_total", PromQl.MetricNames(alerts["HermesRateLimitSurge"]));

        await AssertScrapedAsync(alerts.ToDictionary(a => "alert " + a.Key, a => a.Value));
    }

    [Fact]
    public async Task TheGrafanaDashboardParsesAndEveryMetricItQueriesIsScraped()
    {
        using var doc = JsonDocument.Parse(RepositoryFiles.Read("deploy/grafana/hermesx-dashboard.json"));
        var queries = new Dictionary<string, string>();
        foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.TryGetProperty("targets", out _)))
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                queries[$"panel '{panel.GetProperty("title").GetString()}' {target.GetProperty("refId").GetString()}"] = target.GetProperty("expr").GetString()!;
            }
        }
        foreach (var variable in doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
        {
            // label_values(metric, label): only the metric is a series name.
            var query = variable.GetProperty("query").GetString()!;
            queries["variable " + variable.GetProperty("name").GetString()] = System.Text.RegularExpressions.Regex.Match(query, @"label_values\((\w+)").Groups[1].Value;
        }
        Assert.True(queries.Count >= 10, "the dashboard has too few queries");
        var used = queries.Values.SelectMany(PromQl.MetricNames).ToHashSet();
        Assert.Superset(MetricsContract.Metrics.Keys.Where(n => !n.EndsWith("_seconds", StringComparison.Ordinal)).ToHashSet(), used);

        await AssertScrapedAsync(queries);
    }

    [Fact]
    public void TheCollectorManifestCarriesTheSeedsPipeline()
    {
        var documents = Load("deploy/otel-collector.yaml");
        var kinds = documents.Select(d => Scalar(Map(d), "kind")).ToList();
        Assert.Contains("ConfigMap", kinds);
        Assert.Contains("Deployment", kinds);
        Assert.Contains("Service", kinds);

        var configMap = Map(documents.Single(d => Scalar(Map(d), "kind") == "ConfigMap"));
        var config = Map(Load(Scalar((YamlMappingNode)configMap["data"], "config.yaml")).Single());
        var otlp = Path(config, "receivers", "otlp", "protocols");
        Assert.Equal("0.0.0.0:4317", Scalar(Path(otlp, "grpc"), "endpoint"));
        Assert.Equal("0.0.0.0:4318", Scalar(Path(otlp, "http"), "endpoint"));
        Assert.Equal("512", Scalar(Path(config, "processors", "memory_limiter"), "limit_mib"));
        Assert.Equal("1024", Scalar(Path(config, "processors", "batch"), "send_batch_size"));
        Assert.Equal("5s", Scalar(Path(config, "processors", "batch"), "timeout"));
        Assert.Equal("0.0.0.0:8889", Scalar(Path(config, "exporters", "prometheus"), "endpoint"));
        Assert.Equal("warn", Scalar(Path(config, "service", "telemetry", "logs"), "level"));

        // Every pipeline uses only defined components, in the seed's order: memory_limiter, then batch.
        var pipelines = Path(config, "service", "pipelines");
        foreach (var (name, node) in pipelines.Children)
        {
            var pipeline = (YamlMappingNode)node;
            foreach (var (section, kind) in new[] { ("receivers", "receivers"), ("processors", "processors"), ("exporters", "exporters") })
            {
                var defined = Path(config, section).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
                Assert.All(Items(pipeline, kind), c => Assert.True(defined.Contains(c), $"pipeline {name} uses undefined {c}"));
            }
            Assert.Equal(["memory_limiter", "batch"], Items(pipeline, "processors"));
        }
        Assert.Contains(Items(Path(pipelines, "traces"), "exporters"), e => e.StartsWith("otlp/jaeger", StringComparison.Ordinal));
        Assert.Contains("prometheus", Items(Path(pipelines, "metrics"), "exporters"));
        Assert.Contains("otlp", Items(Path(pipelines, "traces"), "receivers"));

        var service = Map(documents.Single(d => Scalar(Map(d), "kind") == "Service"));
        var ports = ((YamlSequenceNode)Path(service, "spec")["ports"]).Cast<YamlMappingNode>().Select(p => Scalar(p, "port")).ToList();
        Assert.Equal(["4317", "4318", "8889"], ports);
    }

    private async Task AssertScrapedAsync(IReadOnlyDictionary<string, string> queries)
    {
        using var anonymous = Chat.Cluster.First.CreateClient();
        var scrape = PrometheusText.Parse(await anonymous.GetStringAsync("/v1/metrics"));
        foreach (var (where, query) in queries)
        {
            var names = PromQl.MetricNames(query);
            Assert.True(names.Count > 0, $"{where} selects no metric: {query}");
            foreach (var name in names.Except(PrometheusBuiltIns))
            {
                Assert.True(scrape.Exposes(name), $"{where} uses {name}, which /v1/metrics does not expose");
            }
        }
    }

    private static IReadOnlyList<YamlNode> Load(string relativeOrText)
    {
        var text = relativeOrText.Contains('\n') ? relativeOrText : RepositoryFiles.Read(relativeOrText);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    private static YamlMappingNode Map(YamlNode node) => (YamlMappingNode)node;

    private static YamlMappingNode Path(YamlMappingNode node, params string[] keys) =>
        keys.Aggregate(node, (n, k) => (YamlMappingNode)n[k]);

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Items(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Cast<YamlScalarNode>().Select(s => s.Value!).ToList();
}
