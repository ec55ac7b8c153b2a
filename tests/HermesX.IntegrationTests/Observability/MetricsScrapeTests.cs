using System.Net;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Observability;

/// <summary>The Prometheus scrape after real traffic: the contract's twelve metrics, their types and labels, recorded where things happen.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class MetricsScrapeTests(ObservabilityFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task AWorkloadShowsUpInEveryContractMetricWithItsTypeAndLabels()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var session = "sess-" + Guid.NewGuid().ToString("N")[..12];
        var other = "sess-" + Guid.NewGuid().ToString("N")[..12];

        var (tool, _) = await ChatCluster.ChatAsync(http, """call:calculator {"expression":"2+2"}""", session);
        Assert.Equal(HttpStatusCode.OK, tool.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "and now just talk", session)).Response.StatusCode);
        // A tool the model made up is counted, but its name is not a label value.
        var madeUp = "made_up_" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, $"call:{madeUp} {{}}", other + "-tool")).Response.StatusCode);
        var (unknownModel, _) = await ChatCluster.ChatAsync(http, "hi", other, new { model = "no-such-model" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownModel.StatusCode);
        using (var missing = await http.GetAsync($"/v1/sessions/{other}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        using (var nowhere = await http.GetAsync("/v1/no-such-endpoint/" + session))
        {
            Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        }

        using var anonymous = Chat.Cluster.First.CreateClient();
        var text = await anonymous.GetStringAsync("/v1/metrics");
        var scrape = PrometheusText.Parse(text);

        foreach (var (name, (type, labels)) in MetricsContract.Metrics)
        {
            Assert.True(scrape.Types.TryGetValue(name, out var actual), $"{name} is not in the scrape");
            Assert.Equal(type, actual);
            Assert.True(scrape.Helps.ContainsKey(name), $"{name} has no HELP line");
            foreach (var sample in scrape.Family(name))
            {
                var expected = sample.Name.EndsWith("_bucket", StringComparison.Ordinal) ? [.. labels, "le"] : labels;
                Assert.True(expected.Order().SequenceEqual(sample.Labels.Keys.Order()),
                    $"{sample.Name} has labels [{string.Join(", ", sample.Labels.Keys)}], the contract says [{string.Join(", ", labels)}]");
            }
        }
        // Only the contract's hermes_* metrics exist: no stray or misspelled ones.
        Assert.Equal(MetricsContract.Metrics.Keys.Order(), scrape.Types.Keys.Where(n => n.StartsWith("hermes_", StringComparison.Ordinal)).Order());

        double Sum(string name, Func<Sample, bool> where) => scrape.Samples.Where(s => s.Name == name && where(s)).Sum(s => s.Value);
        Assert.True(Sum("hermes_http_requests_total", s => s.Label("path") == "/v1/chat/completions" && s.Label("status") == "200" && s.Label("tenant_id") == tenant && s.Label("method") == "POST") >= 2);
        Assert.True(Sum("hermes_http_requests_total", s => s.Label("path") == "/v1/chat/completions" && s.Label("status") == "400" && s.Label("tenant_id") == tenant) >= 1);
        Assert.True(Sum("hermes_http_requests_total", s => s.Label("path") == "/v1/sessions/{id}" && s.Label("status") == "404" && s.Label("tenant_id") == tenant) >= 1);
        Assert.True(Sum("hermes_http_requests_total", s => s.Label("path") == "unmatched" && s.Label("status") == "404") >= 1);
        Assert.True(Sum("hermes_http_request_duration_seconds_count", s => s.Label("path") == "/v1/chat/completions" && s.Label("tenant_id") == tenant) >= 3);
        // The scrape itself is in flight while it is being answered.
        Assert.True(Sum("hermes_http_requests_in_flight", _ => true) >= 1);
        Assert.True(Sum("hermes_llm_request_duration_seconds_count", s => s.Label("tenant_id") == tenant && s.Label("provider") == "openai" &&
            s.Label("model") == ChatCluster.Model && s.Label("status") == "success") >= 3);
        Assert.True(Sum("hermes_llm_tokens_total", s => s.Label("tenant_id") == tenant && s.Label("direction") == "input") > 0);
        Assert.True(Sum("hermes_llm_tokens_total", s => s.Label("tenant_id") == tenant && s.Label("direction") == "output") > 0);
        Assert.Equal(1, Sum("hermes_tool_executions_total", s => s.Label("tenant_id") == tenant && s.Label("tool_name") == "calculator" && s.Label("status") == "success"));
        Assert.Equal(1, Sum("hermes_tool_execution_duration_seconds_count", s => s.Label("tenant_id") == tenant && s.Label("tool_name") == "calculator"));
        Assert.True(Sum("hermes_active_sessions", s => s.Label("tenant_id") == tenant) >= 1);
        Assert.Equal(1, Sum("hermes_tool_executions_total", s => s.Label("tenant_id") == tenant && s.Label("tool_name") == "unknown" && s.Label("status") == "error"));
        Assert.DoesNotContain(madeUp, text);
        Assert.Equal(3, Sum("hermes_chat_completions_total", s => s.Label("tenant_id") == tenant && s.Label("status") == "success"));
        Assert.Equal(1, Sum("hermes_chat_completions_total", s => s.Label("tenant_id") == tenant && s.Label("status") == "error"));
        Assert.True(Sum("hermes_store_operation_duration_seconds_count", s => s.Label("operation") == "insert" && s.Label("entity") == "receipt") >= 1);

        // Bounded cardinality and no secrets: no session id, key or key prefix anywhere in the scrape.
        Assert.DoesNotContain(session, text);
        Assert.DoesNotContain(other, text);
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain(key[..12], text);
        Assert.DoesNotContain(HermesCluster.AcpToken, text);
    }

    [Fact]
    public async Task ARateLimitedRequestIsCountedForItsTenantOnly()
    {
        using var admin = Chat.Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync(extra: new { rate_limit_rpm = 1 })).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var http = Chat.Cluster.First.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync("/v1/me")).StatusCode);

        using var anonymous = Chat.Cluster.First.CreateClient();
        var scrape = PrometheusText.Parse(await anonymous.GetStringAsync("/metrics"));
        Assert.Equal("counter", scrape.Types["hermes_rate_limit_rejected_total"]);
        Assert.False(string.IsNullOrWhiteSpace(scrape.Helps["hermes_rate_limit_rejected_total"]));
        Assert.All(scrape.Family("hermes_rate_limit_rejected_total"), s => Assert.Equal(["tenant_id"], s.Labels.Keys));
        Assert.Equal(1, scrape.Samples.Where(s => s.Name == "hermes_rate_limit_rejected_total" && s.Label("tenant_id") == tenant).Sum(s => s.Value));
        Assert.True(scrape.Samples.Where(s => s.Name == "hermes_http_requests_total" && s.Label("tenant_id") == tenant && s.Label("status") == "429").Sum(s => s.Value) >= 1);
    }
}
