using HermesX.Grains.Abstractions.Approvals;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Approvals;

/// <summary>An approval request as stored, with where it stands.</summary>
public sealed record ApprovalRecord(ApprovalRequest Request, string ResponseId, string Status, string? Reason);

/// <summary>One decision to record: the request, its new status, and the reason the caller gave.</summary>
public sealed record ApprovalChange(string Id, string Status, string? Reason = null);

/// <summary>
/// Postgres access for <c>tool_approvals</c> (migration 0022). Rows are inserted with the turn that stopped before the calls
/// (<see cref="ApprovalRow"/>); a decision moves a pending row once, with its audit row in the same transaction, so
/// whoever decides first (the caller or the deadline) is the only one recorded.
/// </summary>
public sealed class ApprovalStore(TenantDb db)
{
    private const string Columns = "id, tool_call_id, server_label, tool_name, arguments, deadline, response_id, status, reason";

    /// <summary>The approval requests of <paramref name="callIds"/> (tool calls of the session), whatever their status.</summary>
    public Task<List<ApprovalRecord>> ForCallsAsync(string tenantId, string sessionId, IReadOnlyCollection<string> callIds, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "tool_approval", (c, tx, t) =>
            c.QueryAsync(tx, $"SELECT {Columns} FROM tool_approvals WHERE session_id = @s AND tool_call_id = ANY(@calls) ORDER BY created_at, id",
                Map, t, ("s", sessionId), ("calls", callIds.ToArray())), ct);

    /// <summary>The approval requests a response asked for.</summary>
    public Task<List<ApprovalRecord>> ForResponseAsync(string tenantId, string responseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "tool_approval", (c, tx, t) =>
            c.QueryAsync(tx, $"SELECT {Columns} FROM tool_approvals WHERE response_id = @r ORDER BY created_at, id", Map, t, ("r", responseId)), ct);

    /// <summary>
    /// Records <paramref name="changes"/> of pending requests, each with an audit row naming <paramref name="actor"/>; a caller's
    /// approval or denial only before the deadline, a timeout only after it. Returns the ids that changed here.
    /// </summary>
    public Task<List<string>> DecideAsync(string tenantId, IReadOnlyList<ApprovalChange> changes, string actor, string authMethod, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "update", "tool_approval", async (c, tx, t) =>
        {
            var decided = await c.QueryAsync(tx, """
                UPDATE tool_approvals a SET status = u.st, reason = u.re, decided_by = @actor, decided_at = now()
                FROM unnest(@ids::text[], @sts::text[], @res::text[]) AS u(id, st, re)
                WHERE a.id = u.id AND a.status = 'pending' AND ((u.st = 'timed_out') = (a.deadline <= now()))
                RETURNING a.id, a.tool_name, a.server_label, a.response_id, a.status
                """, r => (Id: r.GetString(0), Tool: r.GetString(1), Label: r.GetString(2), Response: r.GetString(3), Status: r.GetString(4)), t,
                ("ids", changes.Select(x => x.Id).ToArray()), ("sts", changes.Select(x => x.Status).ToArray()),
                ("res", changes.Select(x => x.Reason).ToArray()), ("actor", actor));
            await AuditAsync(c, tx, decided, actor, authMethod, t);
            return decided.Select(d => d.Id).ToList();
        }, ct);

    /// <summary>Records the response's pending requests whose deadline has passed as timed out (audited as <see cref="ToolApprovalLabels.TimeoutActor"/>).</summary>
    public Task<int> TimeOutAsync(string tenantId, string responseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "update", "tool_approval", async (c, tx, t) =>
        {
            var timedOut = await c.QueryAsync(tx, """
                UPDATE tool_approvals SET status = 'timed_out', decided_by = @actor, decided_at = now()
                WHERE response_id = @r AND status = 'pending' AND deadline <= now()
                RETURNING id, tool_name, server_label, response_id, status
                """, r => (Id: r.GetString(0), Tool: r.GetString(1), Label: r.GetString(2), Response: r.GetString(3), Status: r.GetString(4)), t,
                ("r", responseId), ("actor", ToolApprovalLabels.TimeoutActor));
            await AuditAsync(c, tx, timedOut, ToolApprovalLabels.TimeoutActor, ToolApprovalLabels.TimeoutActor, t);
            return timedOut.Count;
        }, ct);

    /// <summary>One audit row per decision: who, which request of which response, which tool; never the call's arguments.</summary>
    private static Task AuditAsync(NpgsqlConnection c, NpgsqlTransaction tx,
        List<(string Id, string Tool, string Label, string Response, string Status)> decided, string actor, string authMethod, CancellationToken t) =>
        decided.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(tx, """
            INSERT INTO audit_logs (tenant_id, actor, auth_method, action, status, latency_ms, detail)
            SELECT current_setting('app.current_tenant'), @actor, @method, 'tool_approval.' || u.st, 200, 0,
                   jsonb_build_object('approval_request_id', u.id, 'tool', u.tool, 'server_label', u.label, 'response_id', u.resp)
            FROM unnest(@ids::text[], @tools::text[], @labels::text[], @resps::text[], @sts::text[]) AS u(id, tool, label, resp, st)
            """, t, ("actor", actor), ("method", authMethod), ("ids", decided.Select(d => d.Id).ToArray()),
            ("tools", decided.Select(d => d.Tool).ToArray()), ("labels", decided.Select(d => d.Label).ToArray()),
            ("resps", decided.Select(d => d.Response).ToArray()), ("sts", decided.Select(d => d.Status).ToArray()));

    private static ApprovalRecord Map(NpgsqlDataReader r) => new(
        new ApprovalRequest(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)),
        r.GetString(6), r.GetString(7), r.GetNullableString(8));
}
