using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.IntegrationTests.Store;

/// <summary>The group committer against the real schema, as the service role (RLS enforced).</summary>
public sealed class GroupCommitTests : MigratedDatabase
{
    private static TenantWrite Usage(string tenant, string session) =>
        new(tenant) { Usage = [new UsageRow(session, "u", "m", "p", 1, 1, 0)] };

    /// <summary>A whole turn as a session commits it: a new session, two messages, its count and title, usage, audit row.</summary>
    private static TenantWrite Turn(string tenant, string session) => new(tenant)
    {
        Sessions = [new NewSessionRow(session, "key_1", null, "fake-gpt")],
        Messages =
        [
            new MessageRow(session, 1, new SessionMessage("user", "hello " + session)),
            new MessageRow(session, 2, new SessionMessage("assistant", "hi"), "turn-key", """{"Content":"hi"}"""),
        ],
        Touches = [new SessionTouch(session, 2, "hello " + session)],
        Usage = [new UsageRow(session, "key_1", "fake-gpt", "openai", 3, 2, 0.001m)],
        Audit = [new AuditEntry(tenant, "key_1", "api_key", "POST /v1/chat/completions", 200, 4.5, "req-" + session, null, "127.0.0.1", "test", null)],
    };

    [Fact]
    public async Task AFlushMixingTenantsWritesEachRowVisibleOnlyToItsOwnTenant()
    {
        var committer = await StartCommitterAsync(TimeSpan.FromMilliseconds(200));
        var writes = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? Usage("tenant-a", $"a{i}") : Usage("tenant-b", $"b{i}"));
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
    public async Task TurnsOfTwoTenantsCommitInOneFlushAndEachTenantSeesOnlyItsOwnRows()
    {
        await Db.ExecuteAsSuperuserAsync("""
            INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions) VALUES
              ('tenant-a', 'A', 'pro', 60, 10), ('tenant-b', 'B', 'pro', 60, 10)
            """);
        var committer = await StartCommitterAsync(TimeSpan.FromMilliseconds(200));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => committer.CommitAsync(Turn(i % 2 == 0 ? "tenant-a" : "tenant-b", $"s{i}"))));
        await committer.StopAsync(CancellationToken.None);

        foreach (var table in new[] { "sessions", "messages", "usage_records", "audit_logs" })
        {
            Assert.Equal(1L, await Db.ScalarAsSuperuserAsync<long>($"SELECT count(DISTINCT xmin::text) FROM {table}"));
        }
        var db = new TenantDb(Source);
        foreach (var (tenant, sessions) in new[] { ("tenant-a", new[] { "s0", "s2", "s4", "s6", "s8" }), ("tenant-b", new[] { "s1", "s3", "s5", "s7", "s9" }) })
        {
            var rows = await db.InTenantAsync(tenant, "test", "session", (c, tx, ct) => c.QueryAsync(tx, """
                SELECT s.id, s.message_count, s.title,
                       (SELECT count(*) FROM messages m WHERE m.session_id = s.id)::int,
                       (SELECT count(*) FROM usage_records u WHERE u.session_id = s.id)::int,
                       (SELECT count(*) FROM audit_logs a WHERE a.request_id = 'req-' || s.id)::int
                FROM sessions s ORDER BY s.id
                """, r => (Id: r.GetString(0), Count: r.GetInt32(1), Title: r.GetString(2), Messages: r.GetInt32(3), Usage: r.GetInt32(4), Audit: r.GetInt32(5)), ct));
            Assert.Equal(sessions, rows.Select(r => r.Id));
            Assert.All(rows, r => Assert.Equal((2, "hello " + r.Id, 2, 1, 1), (r.Count, r.Title, r.Messages, r.Usage, r.Audit)));
        }
    }

    [Fact]
    public async Task AWriteRefusedByPostgresFailsOnlyItself()
    {
        var committer = await StartCommitterAsync(TimeSpan.FromMilliseconds(200));
        var good = Enumerable.Range(0, 10).Select(i => committer.CommitAsync(Usage("tenant-a", $"good{i}"))).ToList();
        // A message with a role the table's check refuses: it fails, and it alone.
        var bad = committer.CommitAsync(new TenantWrite("tenant-a") { Messages = [new MessageRow("s-bad", 1, new SessionMessage("robot", "x"))] });
        await Task.WhenAll(good);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal("23514", refused.SqlState);
        await committer.StopAsync(CancellationToken.None);
        Assert.Equal(10L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM usage_records"));
    }

    [Fact]
    public async Task AWriteIsAllOrNothing()
    {
        var committer = await StartCommitterAsync(TimeSpan.Zero);
        var half = Usage("tenant-a", "first") with
        {
            Messages = [new MessageRow("first", 1, new SessionMessage("robot", "x"))],
        };
        await Assert.ThrowsAsync<PostgresException>(() => committer.CommitAsync(half));
        await committer.CommitAsync(Usage("tenant-a", "after"));
        await committer.StopAsync(CancellationToken.None);
        Assert.Equal(0L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM usage_records WHERE session_id = 'first'"));
        Assert.Equal(1L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM usage_records WHERE session_id = 'after'"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FlushStatementsArePreparedOnceAndSurviveTheReturnToThePoolUnlessTurnedOff(bool prepare)
    {
        // One physical connection, so each checkout finds what the previous one prepared (no DISCARD ALL between).
        var connection = new NpgsqlConnectionStringBuilder(Db.ServiceConnectionString) { Pooling = true, MaxPoolSize = 1 }.ConnectionString;
        await using var source = StoreServiceCollectionExtensions.DataSource(connection, prepare);
        var committer = new GroupCommitter(source, new GroupCommitOptions(), NullLogger<GroupCommitter>.Instance);
        await committer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await committer.CommitAsync(Usage("tenant-a", $"p{i}"));
        }
        await committer.StopAsync(CancellationToken.None);

        await using var conn = await source.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("SELECT string_agg(statement, ' || ') FROM pg_prepared_statements", conn);
        var all = (await cmd.ExecuteScalarAsync())?.ToString() ?? "";
        Assert.True((prepare ? 1 : 0) == System.Text.RegularExpressions.Regex.Count(all, "INSERT INTO usage_records"), all);
    }

    [Fact]
    public async Task TouchingASessionEachTurnIsAHeapOnlyUpdateWithoutIndexWrites()
    {
        await Db.ExecuteAsSuperuserAsync("INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions) VALUES ('tenant-a', 'A', 'pro', 60, 10)");
        var committer = await StartCommitterAsync();
        await committer.CommitAsync(Turn("tenant-a", "busy"));
        const int turns = 30;
        for (var i = 1; i <= turns; i++)
        {
            await committer.CommitAsync(new TenantWrite("tenant-a") { Touches = [new SessionTouch("busy", 2 + 2 * i, null)] });
        }
        await committer.StopAsync(CancellationToken.None);
        // Closing the committer's connections ends their backends, which report their table counters as they exit.
        Source.Clear();

        var (updates, hot) = (0L, 0L);
        for (var wait = 0; wait < 100 && updates <= turns; wait++)
        {
            await Task.Delay(100);
            updates = await Db.ScalarAsSuperuserAsync<long>("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'sessions'");
            hot = await Db.ScalarAsSuperuserAsync<long>("SELECT n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'sessions'");
        }
        Assert.Equal(turns + 1, updates);
        Assert.Equal(updates, hot);
        Assert.Equal(2L + 2 * turns, await Db.ScalarAsSuperuserAsync<long>("SELECT message_count FROM sessions WHERE id = 'busy'"));
    }

    [Fact]
    public async Task WritingATurnsMessagesLooksUpNoSessionRow()
    {
        await Db.ExecuteAsSuperuserAsync("""
            INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions) VALUES ('tenant-a', 'A', 'pro', 60, 10);
            INSERT INTO sessions (tenant_id, id, user_id) VALUES ('tenant-a', 'busy', 'key_1');
            """);
        var committer = await StartCommitterAsync();
        const int turns = 30;
        for (var i = 1; i <= turns; i++)
        {
            await committer.CommitAsync(new TenantWrite("tenant-a") { Messages = [new MessageRow("busy", i, new SessionMessage("user", $"q{i}"))] });
        }
        await committer.StopAsync(CancellationToken.None);
        // Closing the committer's connections ends their backends, which report their counters as they exit.
        Source.Clear();

        var inserted = 0L;
        for (var wait = 0; wait < 100 && inserted < turns; wait++)
        {
            await Task.Delay(100);
            inserted = await Db.ScalarAsSuperuserAsync<long>("SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'messages'");
        }
        Assert.Equal(turns, inserted);
        // A foreign key to sessions would read the session's row through its primary key once per message.
        Assert.Equal(0L, await Db.ScalarAsSuperuserAsync<long>("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'sessions_pkey'"));
    }

    [Fact]
    public async Task ALoneWriteIsNotKeptWaitingForCompany()
    {
        // A linger far longer than the test: a lone write that waited it out would still be pending.
        var committer = new GroupCommitter(Source, new GroupCommitOptions { Linger = TimeSpan.FromMinutes(5), MaxWrites = 1000 }, NullLogger<GroupCommitter>.Instance);
        await committer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            var lone = committer.CommitAsync(Usage("tenant-a", $"lone{i}"));
            Assert.Same(lone, await Task.WhenAny(lone, Task.Delay(TimeSpan.FromSeconds(60))));
        }
        Assert.Equal(3L, await Db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM usage_records"));
        await committer.StopAsync(CancellationToken.None);
    }
}

