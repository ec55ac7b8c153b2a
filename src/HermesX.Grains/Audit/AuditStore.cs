using System.Text.Json;
using HermesX.Grains.Store;
using Npgsql;
using HermesX.Grains.Abstractions.Text;
using HermesX.Grains.Abstractions.Audit;

namespace HermesX.Grains.Audit;

/// <summary>Appends to <c>audit_logs</c>; the service's role has no UPDATE or DELETE on it.</summary>
public sealed class AuditStore(TenantDb db, GroupCommitter committer) : IAuditQueries
{
    private const string Columns = "id, tenant_id, actor, auth_method, action, status, latency_ms, request_id, trace_id, source_ip, user_agent, detail::text, created_at";
    private const string Where = """
        WHERE (@action::text IS NULL OR action = @action) AND (@status::int IS NULL OR status = @status)
          AND (@actor::text IS NULL OR actor = @actor) AND (@from::timestamptz IS NULL OR created_at >= @from)
          AND (@to::timestamptz IS NULL OR created_at < @to) AND (@tenant::text IS NULL OR tenant_id = @tenant)
          AND NOT (@exclude_reads::boolean AND status < 400 AND (action LIKE 'GET %' OR action LIKE 'HEAD %'))
        """;

    /// <summary>Writes entries of one tenant together in the silo's group commit, in the next flush.</summary>
    public Task AppendAsync(string tenantId, IReadOnlyList<AuditEntry> entries, CancellationToken ct = default) =>
        committer.CommitAsync(new TenantWrite(tenantId) { Audit = entries }, ct);

    /// <summary>
    /// Retention: removes every tenant's rows created before <paramref name="before"/> through
    /// hermes_erase_audit_rows, the one path that may delete audit rows (it keeps anything younger
    /// than a day whatever is asked). Returns how many were removed.
    /// </summary>
    public Task<long> EraseOlderThanAsync(DateTimeOffset before, CancellationToken ct = default) =>
        db.WithoutTenantAsync("retention", "audit_log", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, "SELECT hermes_erase_audit_rows(NULL, @before)", r => r.GetInt64(0), c, ("before", before))).Single(), ct);

    public Task<List<AuditEntry>> ListAsync(string tenantId, AuditFilter f, int limit, int offset, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "audit_log", (conn, tx, c) => Query(conn, tx, f, limit, offset, c), ct);

    /// <summary>Every tenant's entries (platform admin).</summary>
    public Task<List<AuditEntry>> ListAcrossTenantsAsync(AuditFilter f, int limit, int offset, CancellationToken ct = default) =>
        db.AcrossTenantsAsync("list", "audit_log", (conn, tx, c) => Query(conn, tx, f, limit, offset, c), ct);

    private static Task<List<AuditEntry>> Query(NpgsqlConnection conn, NpgsqlTransaction tx, AuditFilter f, int limit, int offset, CancellationToken ct) =>
        conn.QueryAsync(tx, $"SELECT {Columns} FROM audit_logs {Where} ORDER BY created_at DESC, id DESC LIMIT @l OFFSET @o", Map, ct,
            ("action", f.Action), ("status", f.Status), ("actor", f.Actor), ("from", f.From), ("to", f.To), ("tenant", f.TenantId),
            ("exclude_reads", f.ExcludeReads), ("l", limit), ("o", offset));

    private static AuditEntry Map(NpgsqlDataReader r) => new(
        r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetDouble(6), r.GetNullableString(7),
        r.GetNullableString(8), r.GetNullableString(9), r.GetNullableString(10),
        JsonSerializer.Deserialize(r.GetString(11), StoreJson.Default.DictionaryStringString), r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(12));
}
