using System.Net;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Observability;

/// <summary>The silo's stdout: one JSON object per line, request/tenant/trace ids in scope, no secrets or bodies.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class StructuredLogTests(ObservabilityFixture fixture)
{
    private ChatCluster Chat => fixture.Chat;

    [Fact]
    public async Task ARequestLogsOneJsonLineWithItsRequestTenantAndTraceIdsButNoBodyOrKey()
    {
        var (tenant, key) = await Chat.TenantWithKeyAsync();
        using var http = Chat.Cluster.First.CreateClient(key);
        var marker = "confidential-" + Guid.NewGuid().ToString("N");
        var (response, _) = await ChatCluster.ChatAsync(http, marker, "sess-" + Guid.NewGuid().ToString("N")[..12]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("X-Request-ID").Single();
        var traceId = response.Headers.GetValues("X-Trace-Id").Single();

        JsonElement line = default;
        await ApiHelpers.PollAsync(() => Task.FromResult(TryFindRequestLine(Chat.Cluster.First.Output, requestId, out line)),
            TimeSpan.FromSeconds(20), "the log line of the chat request");

        Assert.Equal("Information", line.GetProperty("LogLevel").GetString());
        Assert.Equal("/v1/chat/completions", line.GetProperty("State").GetProperty("Route").GetString());
        Assert.Equal(200, line.GetProperty("State").GetProperty("Status").GetInt32());
        var scope = Scope(line);
        Assert.Equal(tenant, scope.GetProperty("tenant_id").GetString());
        Assert.Equal(traceId, scope.GetProperty("trace_id").GetString());

        var output = Chat.Cluster.First.Output;
        Assert.DoesNotContain(marker, output);
        Assert.DoesNotContain(key, output);
        Assert.DoesNotContain(HermesCluster.AcpToken, output);
        Assert.DoesNotContain("fake-llm-key", output);
        // Every line is one complete JSON event (multi-line exceptions stay inside one string).
        Assert.All(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonDocument.Parse(l).Dispose());
    }

    private static bool TryFindRequestLine(string output, string requestId, out JsonElement line)
    {
        foreach (var text in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(requestId, StringComparison.Ordinal)))
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.GetProperty("Category").GetString() == "HermesX.Http")
            {
                line = doc.RootElement.Clone();
                return true;
            }
        }
        line = default;
        return false;
    }

    private static JsonElement Scope(JsonElement line) =>
        line.GetProperty("Scopes").EnumerateArray().Single(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("request_id", out _));

    [Fact]
    public async Task ProbesAreNotLoggedAtTheDefaultLevel()
    {
        using var anonymous = Chat.Cluster.First.CreateClient();
        using var ready = await anonymous.GetAsync("/health/ready");
        var readyId = ready.Headers.GetValues("X-Request-ID").Single();
        using var refused = await anonymous.GetAsync("/v1/me");
        var refusedId = refused.Headers.GetValues("X-Request-ID").Single();

        // Lines are written in order: once the later request's line is out, the probe's would be too.
        await ApiHelpers.PollAsync(() => Task.FromResult(Chat.Cluster.First.Output.Contains(refusedId, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "the log line of the refused request");
        Assert.DoesNotContain(readyId, Chat.Cluster.First.Output);
    }
}
