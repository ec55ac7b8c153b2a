using System.Net;
using System.Text;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Observability.Otlp;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Observability;

/// <summary>OpenTelemetry over OTLP/gRPC: one connected trace per chat request, its id on the response, receipts and audit rows.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class TracingTests(ObservabilityFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;
    private OtlpReceiver Otlp => fixture.Otlp;

    [Fact]
    public async Task AChatRequestWithAToolCallIsOneConnectedTraceFromHttpToPostgres()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var session = "sess-" + Guid.NewGuid().ToString("N")[..12];
        var (response, _) = await ChatCluster.ChatAsync(http, """call:calculator {"expression":"2+2"}""", session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceId = response.Headers.GetValues(Frontend.Observability.RequestTelemetry.TraceHeader).Single();
        Assert.Matches("^[0-9a-f]{32}$", traceId);

        static bool IsTool(ReceivedSpan s) => s.Scope == SpanScopes.Hermes && s.Name == "execute_tool calculator";
        static bool IsRequest(ReceivedSpan s) => s.Scope == SpanScopes.AspNetCore && s.Kind == SpanKind.Server && s.IsRoot;
        var trace = await Otlp.WaitForTraceAsync(traceId, t =>
            t.Any(IsRequest) && t.Any(IsTool) && t.Count(s => s.Scope == SpanScopes.Llm) >= 2 &&
            t.Any(s => s.Scope == SpanScopes.Npgsql && t.HasAncestor(s, IsTool)));

        // One root, the HTTP request; every other span's parent is in the trace.
        var root = Assert.Single(trace, s => s.IsRoot);
        Assert.True(IsRequest(root), $"root is {root}");
        Assert.Equal("/v1/chat/completions", root.Attribute("http.route"));
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => !s.IsRoot), s => Assert.True(ids.Contains(s.ParentSpanId), $"{s} has no parent in the trace"));

        // HTTP -> grain call (client span in the frontend, server span in the session grain).
        bool IsGrainServer(ReceivedSpan s) => s.Scope == SpanScopes.OrleansApplication && s.Kind == SpanKind.Server && s.Name.Contains("SessionGrain", StringComparison.OrdinalIgnoreCase);
        var grain = Assert.Single(trace, IsGrainServer);
        Assert.Contains(trace.Ancestors(grain), s => s.Scope == SpanScopes.OrleansApplication && s.Kind == SpanKind.Client);

        // Grain -> each agent iteration's model call -> the provider SDK's span per attempt -> outgoing HTTP to the model.
        var iterations = trace.Where(s => s.Scope == SpanScopes.Hermes && s.Name == "agent.iteration").ToList();
        Assert.Equal(2, iterations.Count);
        Assert.All(iterations, i => Assert.Contains(grain, trace.Ancestors(i)));
        var modelCalls = trace.Where(s => s.Scope == SpanScopes.Llm).ToList();
        Assert.All(modelCalls, m => Assert.True(trace.HasAncestor(m, s => iterations.Contains(s)), $"{m} is not under an iteration"));
        // The model calls are POSTs; the skill store's S3 reads (GET/HEAD) are outgoing HTTP too, under the grain.
        var outgoing = trace.Where(s => s.Scope == SpanScopes.HttpClient && s.Kind == SpanKind.Client && s.Name.Contains("POST", StringComparison.Ordinal)).ToList();
        Assert.True(outgoing.Count >= 2, "no outgoing HTTP spans to the model");
        Assert.All(outgoing, o => Assert.True(trace.HasAncestor(o, s => modelCalls.Contains(s)), $"{o} is not under a model call"));

        // Grain -> tool run -> its Postgres commands (the receipt insert).
        var tool = Assert.Single(trace, IsTool);
        Assert.Contains(grain, trace.Ancestors(tool));
        Assert.Equal("success", tool.Attribute("hermes.tool.status"));
        Assert.Contains(trace, s => s.Scope == SpanScopes.Npgsql && s.Kind == SpanKind.Client && trace.HasAncestor(s, IsTool));

        Assert.Equal("hermesx", root.Resource["service.name"]);
        Assert.Equal(Chat.Cluster.First.Name, root.Resource["service.instance.id"]);

        // The same trace id is on the tool's execution receipt and on the request's audit row.
        using var receipts = await http.GetAsync($"/v1/execution-receipts?session_id={session}");
        var receipt = Assert.Single((await receipts.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray());
        Assert.Equal(traceId, receipt.GetProperty("trace_id").GetString());
        var requestId = response.Headers.GetValues("X-Request-ID").Single();
        string? audited = null;
        await ApiHelpers.PollAsync(async () => (audited = await Chat.Cluster.Database.ScalarAsSuperuserAsync<string>(
            $"SELECT trace_id FROM audit_logs WHERE tenant_id = '{tenant}' AND request_id = '{requestId}'")) is not null,
            TimeSpan.FromSeconds(20), "the audit row of the chat request");
        Assert.Equal(traceId, audited);
    }

    [Fact]
    public async Task AStreamedChatIsOneConnectedTraceToo()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var (response, _) = await ChatCluster.ChatAsync(http, """call:calculator {"expression":"3*3"}""", "sess-" + Guid.NewGuid().ToString("N")[..12], new { stream = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data: [DONE]", await response.Content.ReadAsStringAsync());
        var traceId = response.Headers.GetValues("X-Trace-Id").Single();

        static bool IsTool(ReceivedSpan s) => s.Scope == SpanScopes.Hermes && s.Name == "execute_tool calculator";
        var trace = await Otlp.WaitForTraceAsync(traceId, t =>
            t.Any(s => s.IsRoot) && t.Any(IsTool) && t.Count(s => s.Scope == SpanScopes.Llm) >= 2 &&
            t.Any(s => s.Scope == SpanScopes.Npgsql && t.HasAncestor(s, IsTool)));
        Assert.True(Assert.Single(trace, s => s.IsRoot).Kind == SpanKind.Server);
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => !s.IsRoot), s => Assert.True(ids.Contains(s.ParentSpanId), $"{s} has no parent in the trace"));
        Assert.All(trace.Where(s => s.Scope == SpanScopes.Llm), m => Assert.True(trace.HasAncestor(m, s => s.Name == "agent.iteration"), $"{m} is not under an iteration"));
    }

    [Fact]
    public async Task EveryResponseCarriesItsTraceId()
    {
        using var anonymous = Chat.Cluster.First.CreateClient();
        using var missing = await anonymous.GetAsync("/v1/nothing-here");
        using var refused = await anonymous.GetAsync("/v1/me");
        using var ready = await anonymous.GetAsync("/health/ready");
        foreach (var r in new[] { missing, refused, ready })
        {
            Assert.Matches("^[0-9a-f]{32}$", r.Headers.GetValues(Frontend.Observability.RequestTelemetry.TraceHeader).Single());
        }
        Assert.NotEqual(missing.Headers.GetValues("X-Trace-Id").Single(), refused.Headers.GetValues("X-Trace-Id").Single());
    }

    [Fact]
    public async Task MetricsAreExportedOverOtlpToo()
    {
        await ApiHelpers.PollAsync(() => Task.FromResult(Otlp.MetricExports.Any(m =>
                Encoding.UTF8.GetString(m).Contains("http.server.request.duration", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "an OTLP metrics export with ASP.NET Core's request duration");
        Assert.Contains(Otlp.MetricExports, m => Encoding.UTF8.GetString(m).Contains("orleans", StringComparison.Ordinal));
    }
}
