using System.Net;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Observability.Otlp;

namespace HermesX.IntegrationTests.Observability;

/// <summary>The grain calls one chat turn makes, read from its trace.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class GrainCallsPerTurnTests(ObservabilityFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;
    private OtlpReceiver Otlp => fixture.Otlp;

    [Fact]
    public async Task AWarmTurnCallsTheSessionOnceAndItsQuotaOnceToAdmitAndOnceToRelease()
    {
        var (_, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var session = "sess-" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.OK, (await ChatCluster.ChatAsync(http, "hello", session)).Response.StatusCode);

        // The silo re-reads a key or tenant it has held for over a second (SiloCache.MaxAge); each turn
        // follows a /v1/me that warms both, but on a stalled machine a turn may still show the reads.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var calls = await GrainCallsOfATurnAsync(http, session);
            var shown = string.Join(", ", calls);
            var loads = calls.Count(c => c is "IApiKeyGrain/ResolveAsync" or "ITenantGrain/GetAsync");
            Assert.True(calls.Count(c => c == "ISessionGrain/RunTurnAsync") == 1, shown);
            Assert.True(calls.Count(c => c == "ITenantQuotaGrain/AdmitTurnAsync") == 1, shown);
            Assert.True(calls.Count(c => c == "ITenantQuotaGrain/ReleaseAsync") == 1, shown);
            Assert.True(calls.Count(c => c.StartsWith("ITenantQuotaGrain/", StringComparison.Ordinal)) == 2, shown);
            // No USD budget applies to this tenant or key: its model call is neither reserved nor settled.
            Assert.True(!calls.Any(c => c.StartsWith("ITenantSpendGrain/", StringComparison.Ordinal)), shown);
            // The record's owner is only read (through the silo's copy), never called on the turn's own path.
            Assert.True(calls.Count(c => c.StartsWith("ITenantGrain/", StringComparison.Ordinal)) == calls.Count(c => c == "ITenantGrain/GetAsync"), shown);
            // Key and tenant re-read (the key's read asks the tenant too) at most once each when not warm.
            Assert.True(loads <= 3, shown);
            if (loads == 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "no turn without key or tenant reads within 60 s: " + shown);
        }
    }

    /// <summary>"Interface/Method" of every grain call a turn's trace shows (server side, so each call once).</summary>
    private async Task<IReadOnlyList<string>> GrainCallsOfATurnAsync(HttpClient http, string session)
    {
        using (var me = await http.GetAsync("/v1/me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
        var (response, _) = await ChatCluster.ChatAsync(http, "again", session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceId = response.Headers.GetValues(Frontend.Observability.RequestTelemetry.TraceHeader).Single();
        static bool IsGrainCall(ReceivedSpan s) => s.Scope == SpanScopes.OrleansApplication && s.Kind == SpanKind.Server;
        var trace = await Otlp.WaitForTraceAsync(traceId, t =>
            t.Any(s => s.IsRoot && s.Scope == SpanScopes.AspNetCore) && t.Any(s => IsGrainCall(s) && s.Name == "ITenantQuotaGrain/ReleaseAsync") && t.Any(s => IsGrainCall(s) && s.Name == "ISessionGrain/RunTurnAsync"));
        return trace.Where(IsGrainCall).Select(s => s.Name).ToList();
    }
}
