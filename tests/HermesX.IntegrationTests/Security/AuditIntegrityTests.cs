using HermesX.Grains.Audit;
using HermesX.Grains.Store;
using Microsoft.Extensions.Logging.Abstractions;
using HermesX.Grains.Abstractions.Audit;

namespace HermesX.IntegrationTests.Security;

/// <summary>The audit writer against the real schema, as the service role: no caller's text can cost a row.</summary>
public sealed class AuditIntegrityTests : Store.MigratedDatabase
{
    [Fact]
    public async Task ABatchHoldingUnstorableTextWritesEveryRowWithTheTextReplaced()
    {
        var committer = await StartCommitterAsync();
        var writer = new AuditWriter(committer, NullLogger<AuditWriter>.Instance);
        var ordinary = Enumerable.Range(0, 40).Select(i => Entry($"ok-{i}", "/v1/me", "agent/1.0")).ToList();
        var poisoned = new[]
        {
            Entry("nul", "/v1/me?x=\0", "agent\0"),
            Entry("surrogate", "/v1/me?y=\ud800", "agent\udc00"),
            Entry("nul-key", "/v1/me", "agent", new Dictionary<string, string> { ["pa\0th"] = "\0" }),
        };
        foreach (var e in ordinary.Take(20).Concat(poisoned).Concat(ordinary.Skip(20)))
        {
            await writer.EnqueueAsync(e);
        }
        await writer.StopAsync(CancellationToken.None);
        await committer.StopAsync(CancellationToken.None);

        Assert.Equal(43L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM audit_logs WHERE tenant_id = 'tenant-a'"));
        Assert.Equal("/v1/me?x=\uFFFD", await Db.ScalarAsSuperuserAsync<string>("SELECT detail->>'path' FROM audit_logs WHERE request_id = 'nul'"));
        Assert.Equal("agent\uFFFD", await Db.ScalarAsSuperuserAsync<string>("SELECT user_agent FROM audit_logs WHERE request_id = 'surrogate'"));
        Assert.Equal("\uFFFD", await Db.ScalarAsSuperuserAsync<string>("SELECT detail->>'pa\uFFFDth' FROM audit_logs WHERE request_id = 'nul-key'"));
    }

    private static AuditEntry Entry(string requestId, string path, string userAgent, Dictionary<string, string>? detail = null) =>
        new("tenant-a", "key_1", "api_key", "GET /v1/me", 200, 1.5, requestId, null, "127.0.0.1", userAgent,
            detail ?? new Dictionary<string, string> { ["path"] = path });
}
