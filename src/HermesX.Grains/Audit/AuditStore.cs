using System.Text.Json;
using HermesX.Grains.Store;

namespace HermesX.Grains.Audit;

/// <summary>One audit event; <see cref="TenantId"/> is <see cref="TenantDb.PlatformTenantId"/> for platform-level events.</summary>
public sealed record AuditEntry(
    string TenantId, string Actor, string AuthMethod, string Action, int Status, double LatencyMs,
    string? RequestId, string? TraceId, string? SourceIp, string? UserAgent, IReadOnlyDictionary<string, string>? Detail = null);

/// <summary>Appends to <c>audit_logs</c>; rows are never updated or deleted by the service.</summary>
public sealed class AuditStore(TenantDb db)
{
    public Task AppendAsync(AuditEntry e, CancellationToken ct = default) =>
        db.InTenantAsync(e.TenantId, "insert", "audit_log", (conn, tx, c) =>
            conn.ExecuteAsync(tx, """
                INSERT INTO audit_logs (tenant_id, actor, auth_method, action, status, latency_ms, request_id, trace_id, source_ip, user_agent, detail)
                VALUES (@t, @a, @m, @act, @s, @l, @rid, @tid, @ip, @ua, @d::jsonb)
                """, c, ("t", e.TenantId), ("a", e.Actor), ("m", e.AuthMethod), ("act", e.Action), ("s", e.Status),
                ("l", e.LatencyMs), ("rid", e.RequestId), ("tid", e.TraceId), ("ip", e.SourceIp), ("ua", e.UserAgent),
                ("d", JsonSerializer.Serialize(e.Detail ?? new Dictionary<string, string>()))), ct);
}
