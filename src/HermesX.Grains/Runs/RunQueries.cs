using System.Text.Json;
using HermesX.Grains.Abstractions.Runs;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Runs;

/// <summary>The console's reads of background runs (migration 0016): lists with step and event counts, and a run's steps.</summary>
public sealed class RunQueries(TenantDb db) : IRunQueries
{
    /// <summary>How much of a step's text the summary keeps.</summary>
    public const int PreviewLength = 200;

    // A run's steps and events are numbered from 0 without gaps (RunStore), so each count is its last number + 1:
    // one probe of the table's primary key per row, not a scan of every event of a long stream.
    private const string Columns = """
        r.id, r.session_id, r.user_id, r.status, r.model, r.stream, r.error->>'Message', r.created_at, r.ended_at,
        coalesce((SELECT max(s.seq) + 1 FROM response_run_steps s WHERE s.tenant_id = r.tenant_id AND s.response_id = r.id), 0),
        coalesce((SELECT max(e.seq) + 1 FROM response_run_events e WHERE e.tenant_id = r.tenant_id AND e.response_id = r.id), 0)
        """;

    public Task<List<RunListRow>> ListAsync(string tenantId, string? userId, int limit, int offset, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "run", (c, tx, t) =>
            c.QueryAsync(tx, $"""
                SELECT {Columns} FROM response_runs r WHERE (@u::text IS NULL OR r.user_id = @u)
                ORDER BY r.created_at DESC, r.id LIMIT @l OFFSET @o
                """, Map, t, ("u", userId), ("l", limit), ("o", offset)), ct);

    public Task<RunListRow?> GetAsync(string tenantId, string id, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "run", async (c, tx, t) =>
            (await c.QueryAsync(tx, $"SELECT {Columns} FROM response_runs r WHERE r.id = @id", Map, t, ("id", id))).SingleOrDefault(), ct);

    public Task<List<RunStepSummary>> StepsAsync(string tenantId, string id, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "run_step", (c, tx, t) =>
            c.QueryAsync(tx, "SELECT seq, message::text, created_at FROM response_run_steps WHERE response_id = @id ORDER BY seq", r =>
            {
                var m = JsonSerializer.Deserialize(r.GetString(1), StoreJson.Default.SessionMessage)!;
                var preview = m.Content.Length > PreviewLength ? m.Content[..PreviewLength] : m.Content;
                return new RunStepSummary(r.GetInt32(0), m.Role, m.ToolCalls?.Select(tc => tc.Name).ToList() ?? [], m.Name, preview,
                    r.GetFieldValue<DateTimeOffset>(2));
            }, t, ("id", id)), ct);

    private static RunListRow Map(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.GetNullableString(6),
        r.GetFieldValue<DateTimeOffset>(7), r.GetNullable<DateTimeOffset>(8), r.GetInt32(9), r.GetInt32(10));
}
