using System.Net;
using HermesX.IntegrationTests.Observability.Otlp;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Observability;

/// <summary>A silo exporting with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, and logging with HERMES_DEBUG.</summary>
public sealed class OtlpHttpExportTests(OtlpHttpFixture fixture) : IClassFixture<OtlpHttpFixture>
{
    private OtlpReceiver Otlp => fixture.Otlp;
    private HermesCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task TracesAndMetricsArriveOverOtlpHttp()
    {
        using var admin = Cluster.Admin();
        using var response = await admin.GetAsync("/v1/tenants");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceId = response.Headers.GetValues("X-Trace-Id").Single();

        var trace = await Otlp.WaitForTraceAsync(traceId, t => t.Any(s => s.IsRoot) && t.Any(s => s.Scope == SpanScopes.Npgsql));
        var root = Assert.Single(trace, s => s.IsRoot);
        Assert.StartsWith("/v1/tenants", root.Attribute("http.route"));
        Assert.Equal("hermesx-http", root.Resource["service.name"]);
        Assert.All(trace.Where(s => s.Scope == SpanScopes.Npgsql), s => Assert.Contains(root, trace.Ancestors(s)));

        await ApiHelpers.PollAsync(() => Task.FromResult(Otlp.MetricExports.Count > 0), TimeSpan.FromSeconds(30), "an OTLP/HTTP metrics export");
    }

    [Fact]
    public async Task ProbesAndScrapesAreNotTraced()
    {
        using var anonymous = Cluster.First.CreateClient();
        using var ready = await anonymous.GetAsync("/health/ready");
        var readyTrace = ready.Headers.GetValues("X-Trace-Id").Single();
        using var admin = Cluster.Admin();
        using var me = await admin.GetAsync("/v1/me");
        var meTrace = me.Headers.GetValues("X-Trace-Id").Single();

        // Spans are exported in the order they end: once the later request's trace is in, the probe's would be too.
        await Otlp.WaitForTraceAsync(meTrace, t => t.Any(s => s.IsRoot));
        Assert.Empty(Otlp.Trace(readyTrace));
    }

    [Fact]
    public async Task HermesDebugLogsWhatTheDefaultLevelLeavesOut()
    {
        using var anonymous = Cluster.First.CreateClient();
        using var ready = await anonymous.GetAsync("/health/ready");
        var requestId = ready.Headers.GetValues("X-Request-ID").Single();
        await ApiHelpers.PollAsync(() => Task.FromResult(Cluster.First.Output.Split('\n').Any(l =>
                l.Contains(requestId, StringComparison.Ordinal) && l.Contains("\"LogLevel\":\"Debug\"", StringComparison.Ordinal) &&
                l.Contains("\"Category\":\"HermesX.Http\"", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(20), "a Debug line for the readiness probe");
    }
}
