using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.IntegrationTests.Store;

/// <summary>The group committer against the real schema, as the service role (RLS enforced).</summary>
public sealed class GroupCommitTests : MigratedDatabase
{
    private static TenantWrite Usage(string tenant, string owner, string session) => new(tenant,
    [
        new SqlStatement("""
            INSERT INTO usage_records (tenant_id, session_id, user_id, model, provider, input_tokens, output_tokens, cost_usd)
            VALUES ($1, $2, 'u', 'm', 'p', 1, 1, 0)
            """, owner, session),
    ]);

    [Fact]
    public async Task AFlushMixingTenantsWritesEachRowVisibleOnlyToItsOwnTenant()
    {
        var committer = await StartCommitterAsync(TimeSpan.FromMilliseconds(200));
        var writes = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? Usage("tenant-a", "tenant-a", $"a{i}") : Usage("tenant-b", "tenant-b", $"b{i}"));
        await Task.WhenAll(writes.Select(w => committer.CommitAsync(w)));
        await committer.StopAsync(CancellationToken.None);

        // One flush: every row carries the same transaction id.
        Assert.Equal(1L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(DISTINCT xmin::text) FROM usage_records"));
        var db = new TenantDb(Source);
        foreach (var (tenant, prefix) in new[] { ("tenant-a", "a"), ("tenant-b", "b") })
        {
            var seen = await db.InTenantAsync(tenant, "test", "usage", (c, tx, ct) =>
                c.QueryAsync(tx, "SELECT tenant_id, session_id FROM usage_records", r => (r.GetString(0), r.GetString(1)), ct));
            Assert.Equal(20, seen.Count);
            Assert.All(seen, row =>
            {
                Assert.Equal(tenant, row.Item1);
                Assert.StartsWith(prefix, row.Item2, StringComparison.Ordinal);
            });
        }
    }

    [Fact]
    public async Task ARowRefusedByRowLevelSecurityFailsOnlyItsOwnWrite()
    {
        var committer = await StartCommitterAsync(TimeSpan.FromMilliseconds(200));
        var good = Enumerable.Range(0, 10).Select(i => committer.CommitAsync(Usage("tenant-a", "tenant-a", $"good{i}"))).ToList();
        // Written under tenant-a's setting but claiming tenant-b: the policy refuses it.
        var forged = committer.CommitAsync(Usage("tenant-a", "tenant-b", "forged"));
        await Task.WhenAll(good);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => forged);
        Assert.Equal("42501", refused.SqlState);
        await committer.StopAsync(CancellationToken.None);
        Assert.Equal(10L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM usage_records"));
        Assert.Equal(0L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM usage_records WHERE tenant_id = 'tenant-b'"));
    }

    [Fact]
    public async Task AWriteIsAllOrNothing()
    {
        var committer = await StartCommitterAsync(TimeSpan.Zero);
        var half = new TenantWrite("tenant-a",
        [
            Usage("tenant-a", "tenant-a", "first").Statements[0],
            new SqlStatement("INSERT INTO usage_records (tenant_id, session_id) VALUES ($1, NULL)", "tenant-a"),
        ]);
        await Assert.ThrowsAsync<PostgresException>(() => committer.CommitAsync(half));
        await committer.CommitAsync(Usage("tenant-a", "tenant-a", "after"));
        await committer.StopAsync(CancellationToken.None);
        Assert.Equal(0L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM usage_records WHERE session_id = 'first'"));
        Assert.Equal(1L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM usage_records WHERE session_id = 'after'"));
    }
}
