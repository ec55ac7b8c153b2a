using HermesX.Grains.Store;
using Npgsql;
using HermesX.Grains.Abstractions.Tools;

namespace HermesX.Grains.Tools;

/// <summary>Execution receipts: one per server tool run, unique per (tenant, idempotency id).</summary>
public sealed class ReceiptStore(TenantDb db) : IReceiptQueries
{
    private const string Columns = "id, tenant_id, session_id, user_id, tool_name, idempotency_id, input, output, status, duration_ms, trace_id, created_at";

    public Task<Receipt?> FindByIdempotencyIdAsync(string tenantId, string idempotencyId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "receipt", async (c, tx, t) =>
            (await c.QueryAsync(tx, $"SELECT {Columns} FROM execution_receipts WHERE idempotency_id = @i", Map, t, ("i", idempotencyId))).SingleOrDefault(), ct);

    /// <summary>Stores the receipt; when another run already stored one for the id, returns that one instead.</summary>
    public Task<Receipt> InsertAsync(Receipt r, CancellationToken ct = default) =>
        db.InTenantAsync(r.TenantId, "insert", "receipt", async (c, tx, t) =>
        {
            var inserted = (await c.QueryAsync(tx, $"""
                INSERT INTO execution_receipts ({Columns})
                VALUES (@id, @t, @s, @u, @tool, @i, @in, @out, @st, @d, @trace, now())
                ON CONFLICT (tenant_id, idempotency_id) DO NOTHING
                RETURNING {Columns}
                """, Map, t, ("id", r.Id), ("t", r.TenantId), ("s", r.SessionId), ("u", r.UserId), ("tool", r.ToolName),
                ("i", r.IdempotencyId), ("in", r.Input), ("out", r.Output), ("st", r.Status), ("d", r.DurationMs), ("trace", r.TraceId))).SingleOrDefault();
            return inserted ?? (await c.QueryAsync(tx, $"SELECT {Columns} FROM execution_receipts WHERE idempotency_id = @i", Map, t, ("i", r.IdempotencyId))).Single();
        }, ct);

    public Task<Receipt?> GetAsync(string tenantId, string id, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "receipt", async (c, tx, t) =>
            (await c.QueryAsync(tx, $"SELECT {Columns} FROM execution_receipts WHERE id = @id", Map, t, ("id", id))).SingleOrDefault(), ct);

    public Task<List<Receipt>> ListAsync(string tenantId, ReceiptFilter f, int limit, int offset, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "receipt", (c, tx, t) =>
            c.QueryAsync(tx, $"""
                SELECT {Columns} FROM execution_receipts
                WHERE (@s::text IS NULL OR session_id = @s) AND (@tool::text IS NULL OR tool_name = @tool) AND (@st::text IS NULL OR status = @st)
                  AND (@u::text IS NULL OR user_id = @u)
                ORDER BY created_at DESC, id LIMIT @l OFFSET @o
                """, Map, t, ("s", f.SessionId), ("tool", f.ToolName), ("st", f.Status), ("u", f.UserId), ("l", limit), ("o", offset)), ct);

    private static Receipt Map(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8), r.GetDouble(9), r.GetNullableString(10), r.GetFieldValue<DateTimeOffset>(11));
}
