using System.Text.Json;
using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Runs;

/// <summary>A background run's row: what it runs (the Orleans-encoded turn request) and where it stands.</summary>
public sealed record RunRow(
    string Id, string SessionId, string UserId, string Status, byte[] Request, string EchoJson, string Model, bool Stream,
    TurnError? Error, DateTimeOffset CreatedAt);

/// <summary>A committed step of a run: a message of its turn and the usage of the model call that made it.</summary>
public sealed record RunStep(SessionMessage Message, List<UsageRow> Usage);

/// <summary>Postgres access for background runs, their steps and their events (migration 0016).</summary>
public sealed class RunStore(TenantDb db)
{
    private const string Columns = "id, session_id, user_id, status, request, echo::text, model, stream, error::text, created_at";

    /// <summary>Inserts the run queued; when it exists already (a resent key), returns the stored one.</summary>
    public Task<RunRow> InsertAsync(string tenantId, RunRow run) =>
        db.InTenantAsync(tenantId, "insert", "run", async (c, tx, t) =>
        {
            await c.ExecuteAsync(tx, """
                INSERT INTO response_runs (tenant_id, id, session_id, user_id, status, request, echo, model, stream)
                VALUES (@t, @id, @s, @u, @st, @r, @e::jsonb, @m, @stream)
                ON CONFLICT (tenant_id, id) DO NOTHING
                """, t, ("t", tenantId), ("id", run.Id), ("s", run.SessionId), ("u", run.UserId), ("st", run.Status), ("r", run.Request),
                ("e", run.EchoJson), ("m", run.Model), ("stream", run.Stream));
            return (await SelectAsync(c, tx, run.Id, t))!;
        });

    /// <summary>
    /// Starts a run that failed or was cancelled again with <paramref name="run"/>'s turn: queued, its steps and events gone
    /// (its new stream is numbered from 0), in one transaction; a run in any other state is returned as it is.
    /// </summary>
    public Task<RunRow> RestartAsync(string tenantId, RunRow run) =>
        db.InTenantAsync(tenantId, "update", "run", async (c, tx, t) =>
        {
            if (await c.ExecuteAsync(tx, """
                UPDATE response_runs SET status = @st, request = @r, echo = @e::jsonb, model = @m, stream = @stream, error = NULL,
                    created_at = now(), updated_at = now(), ended_at = NULL
                WHERE id = @id AND status IN ('failed', 'cancelled')
                """, t, ("id", run.Id), ("st", run.Status), ("r", run.Request), ("e", run.EchoJson), ("m", run.Model), ("stream", run.Stream)) > 0)
            {
                await c.ExecuteAsync(tx, "DELETE FROM response_run_steps WHERE response_id = @id", t, ("id", run.Id));
                await c.ExecuteAsync(tx, "DELETE FROM response_run_events WHERE response_id = @id", t, ("id", run.Id));
            }
            return (await SelectAsync(c, tx, run.Id, t))!;
        });

    public Task<RunRow?> GetAsync(string tenantId, string id) =>
        db.InTenantAsync(tenantId, "select", "run", (c, tx, t) => SelectAsync(c, tx, id, t));

    private static async Task<RunRow?> SelectAsync(NpgsqlConnection c, NpgsqlTransaction tx, string id, CancellationToken t) =>
        (await c.QueryAsync(tx, $"SELECT {Columns} FROM response_runs WHERE id = @id", Map, t, ("id", id))).SingleOrDefault();

    /// <summary>queued → in_progress; false when the run is no longer queued.</summary>
    public Task<bool> StartedAsync(string tenantId, string id) =>
        db.InTenantAsync(tenantId, "update", "run", async (c, tx, t) =>
            await c.ExecuteAsync(tx, "UPDATE response_runs SET status = 'in_progress', updated_at = now() WHERE id = @id AND status = 'queued'",
                t, ("id", id)) > 0);

    /// <summary>
    /// Ends a run that has not ended yet, with its last event in the same transaction, so a reader never sees an
    /// ended run without the event that says how; false (and nothing written) when it had ended already.
    /// </summary>
    /// <param name="also">Written in the same transaction when the run ends here (its webhook event), so the end and its report commit together.</param>
    public Task<bool> EndAsync(string tenantId, string id, string status, TurnEvent last, Func<NpgsqlConnection, NpgsqlTransaction, Task>? also = null) =>
        db.InTenantAsync(tenantId, "update", "run", async (c, tx, t) =>
        {
            // A run waiting for approvals has not ended (it may continue), and its steps are in its session now: a continuation starts afresh.
            var ended = await c.ExecuteAsync(tx, """
                UPDATE response_runs SET status = @st, error = @e::jsonb, updated_at = now(),
                       ended_at = CASE WHEN @st = 'requires_action' THEN NULL ELSE now() END
                WHERE id = @id AND status IN ('queued', 'in_progress', 'requires_action')
                """, t, ("id", id), ("st", status), ("e", last.Error is { } error ? JsonSerializer.Serialize(error, StoreJson.Default.TurnError) : null)) > 0;
            if (ended)
            {
                if (status == RunStatus.RequiresAction)
                {
                    await c.ExecuteAsync(tx, "DELETE FROM response_run_steps WHERE response_id = @id", t, ("id", id));
                }
                await AppendAsync(c, tx, id, [last], t);
                if (also is not null)
                {
                    await also(c, tx);
                }
            }
            return ended;
        });

    /// <summary>requires_action → in_progress with the turn that continues it; false when the run no longer waits.</summary>
    public Task<bool> ContinueAsync(string tenantId, string id, byte[] request) =>
        db.InTenantAsync(tenantId, "update", "run", async (c, tx, t) =>
            await c.ExecuteAsync(tx, "UPDATE response_runs SET status = 'in_progress', request = @r, updated_at = now() WHERE id = @id AND status = 'requires_action'",
                t, ("id", id), ("r", request)) > 0);

    public Task<List<RunStep>> StepsAsync(string tenantId, string id) =>
        db.InTenantAsync(tenantId, "select", "run_step", (c, tx, t) =>
            c.QueryAsync(tx, "SELECT message::text, usage::text FROM response_run_steps WHERE response_id = @id ORDER BY seq", r => new RunStep(
                JsonSerializer.Deserialize(r.GetString(0), StoreJson.Default.SessionMessage)!,
                r.GetNullableString(1) is { } usage ? JsonSerializer.Deserialize(usage, StoreJson.Default.ListUsageRow)! : []), t, ("id", id)));

    public Task AddStepAsync(string tenantId, string id, int seq, SessionMessage message, List<UsageRow> usage) =>
        db.InTenantAsync(tenantId, "insert", "run_step", (c, tx, t) =>
            c.ExecuteAsync(tx, "INSERT INTO response_run_steps (tenant_id, response_id, seq, message, usage) VALUES (@t, @id, @seq, @m::jsonb, @u::jsonb)",
                t, ("t", tenantId), ("id", id), ("seq", seq), ("m", JsonSerializer.Serialize(message, StoreJson.Default.SessionMessage)),
                ("u", usage.Count == 0 ? null : JsonSerializer.Serialize(usage, StoreJson.Default.ListUsageRow))));

    /// <summary>Appends <paramref name="events"/> to the run's stored events, numbered in order, in one statement.</summary>
    public Task AppendEventsAsync(string tenantId, string id, IReadOnlyList<TurnEvent> events) =>
        db.InTenantAsync(tenantId, "insert", "run_event", (c, tx, t) => AppendAsync(c, tx, id, events, t));

    /// <summary>Appends <paramref name="e"/> when the run has stored events already (a stream that an earlier attempt began).</summary>
    public Task AppendToStartedAsync(string tenantId, string id, TurnEvent e) =>
        db.InTenantAsync(tenantId, "insert", "run_event", (c, tx, t) => AppendAsync(c, tx, id, [e], t, onlyAfterOthers: true));

    public Task<List<RunEvent>> EventsAsync(string tenantId, string id, int afterSeq, int limit) =>
        db.InTenantAsync(tenantId, "select", "run_event", (c, tx, t) =>
            c.QueryAsync(tx, "SELECT seq, event::text FROM response_run_events WHERE response_id = @id AND seq > @after ORDER BY seq LIMIT @l",
                r => new RunEvent(r.GetInt32(0), JsonSerializer.Deserialize(r.GetString(1), StoreJson.Default.TurnEvent)!), t,
                ("id", id), ("after", afterSeq), ("l", limit)));

    /// <summary>
    /// Removes the stored events of runs that ended before <paramref name="cutoff"/>, tenant by tenant (found by a
    /// read-only platform query, deleted in each tenant's scope); the runs' rows and steps stay.
    /// </summary>
    public async Task<long> PruneEventsAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        var tenants = await db.AcrossTenantsAsync("list", "run", (c, tx, t) => c.QueryAsync(tx, """
            SELECT DISTINCT r.tenant_id FROM response_runs r WHERE r.ended_at < @cutoff
            AND EXISTS (SELECT 1 FROM response_run_events e WHERE e.tenant_id = r.tenant_id AND e.response_id = r.id)
            """, r => r.GetString(0), t, ("cutoff", cutoff)), ct);
        long removed = 0;
        foreach (var tenant in tenants)
        {
            removed += await db.InTenantAsync(tenant, "delete", "run_event", (c, tx, t) => c.ExecuteAsync(tx, """
                DELETE FROM response_run_events e USING response_runs r
                WHERE e.tenant_id = r.tenant_id AND e.response_id = r.id AND r.ended_at < @cutoff
                """, t, ("cutoff", cutoff)), ct);
        }
        return removed;
    }

    // Events are numbered in the statement that adds them: after the run's last number, so the log has no gaps
    // and a reader that has seen number n asks for what comes after n.
    private static Task<int> AppendAsync(NpgsqlConnection c, NpgsqlTransaction tx, string id, IReadOnlyList<TurnEvent> events, CancellationToken t,
        bool onlyAfterOthers = false) =>
        c.ExecuteAsync(tx, """
            INSERT INTO response_run_events (tenant_id, response_id, seq, event)
            SELECT current_setting('app.current_tenant'), @id, last.seq + b.n, b.e::jsonb
            FROM (SELECT coalesce(max(seq), -1) AS seq FROM response_run_events WHERE response_id = @id) last,
                 unnest(@e::text[]) WITH ORDINALITY AS b(e, n)
            WHERE NOT @only OR last.seq >= 0
            """, t, ("id", id), ("e", events.Select(e => JsonSerializer.Serialize(e, StoreJson.Default.TurnEvent)).ToArray()), ("only", onlyAfterOthers));

    private static RunRow Map(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<byte[]>(4), r.GetString(5), r.GetString(6), r.GetBoolean(7),
        r.GetNullableString(8) is { } error ? JsonSerializer.Deserialize(error, StoreJson.Default.TurnError) : null, r.GetFieldValue<DateTimeOffset>(9));
}
