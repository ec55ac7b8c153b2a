using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Sessions;

/// <summary>The owner and first settings of a session row written together with its first messages.</summary>
public sealed record NewSession(string UserId, string? Title, string? Model);

/// <summary>A committed turn's idempotency key and answer, stored on its last message.</summary>
public sealed record TurnReceipt(string Key, TurnResult Result);

/// <summary>A stored session as its grain loads it.</summary>
public sealed record SessionState(SessionRow Row, IReadOnlyList<StoredMessage> Messages, IReadOnlyList<TurnReceipt> Turns);

/// <summary>Postgres access for sessions and their messages.</summary>
public sealed class SessionStore(TenantDb db) : ISessionQueries
{
    private const string SessionColumns = "id, tenant_id, user_id, title, model, message_count, created_at, updated_at";

    public Task<SessionRow> CreateAsync(string tenantId, string sessionId, string userId, string? title, string? model, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "insert", "session", async (c, tx, t) =>
            (await c.QueryAsync(tx, $"""
                INSERT INTO sessions (tenant_id, id, user_id, title, model) VALUES (@t, @id, @u, @title, @m)
                ON CONFLICT (tenant_id, id) DO UPDATE SET updated_at = sessions.updated_at
                RETURNING {SessionColumns}
                """, MapSession, t, ("t", tenantId), ("id", sessionId), ("u", userId), ("title", title), ("m", model))).Single(), ct);

    public Task<SessionRow?> GetAsync(string tenantId, string sessionId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "session", async (c, tx, t) =>
            (await c.QueryAsync(tx, $"SELECT {SessionColumns} FROM sessions WHERE id = @id", MapSession, t, ("id", sessionId))).SingleOrDefault(), ct);

    /// <summary>Newest first; <paramref name="userId"/> null lists every user's sessions (tenant admins).</summary>
    public Task<List<SessionRow>> ListAsync(string tenantId, string? userId, int limit, int offset, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "session", (c, tx, t) =>
            c.QueryAsync(tx, $"""
                SELECT {SessionColumns} FROM sessions WHERE (@u::text IS NULL OR user_id = @u)
                ORDER BY updated_at DESC, id LIMIT @l OFFSET @o
                """, MapSession, t, ("u", userId), ("l", limit), ("o", offset)), ct);

    public Task<List<StoredMessage>> MessagesAsync(string tenantId, string sessionId, int limit, int offset, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "message", (c, tx, t) =>
            c.QueryAsync(tx, """
                SELECT seq, role, content, tool_calls::text, tool_call_id, name, created_at, parts::text FROM messages
                WHERE session_id = @s ORDER BY seq LIMIT @l OFFSET @o
                """, MapMessage, t, ("s", sessionId), ("l", limit), ("o", offset)), ct);

    /// <summary>Everything an activation needs, in one transaction: the row, every message, the newest committed turns.</summary>
    public Task<SessionState?> LoadAsync(string tenantId, string sessionId, int receipts, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "session", async (c, tx, t) =>
        {
            var row = (await c.QueryAsync(tx, $"SELECT {SessionColumns} FROM sessions WHERE id = @id", MapSession, t, ("id", sessionId))).SingleOrDefault();
            if (row is null)
            {
                return null;
            }
            var messages = await c.QueryAsync(tx, """
                SELECT seq, role, content, tool_calls::text, tool_call_id, name, created_at, parts::text FROM messages
                WHERE session_id = @s ORDER BY seq
                """, MapMessage, t, ("s", sessionId));
            var turns = await c.QueryAsync(tx, """
                SELECT turn_key, turn_result::text FROM messages
                WHERE session_id = @s AND turn_key IS NOT NULL ORDER BY seq DESC LIMIT @l
                """, MapReceipt, t, ("s", sessionId), ("l", receipts));
            return new SessionState(row, messages, turns);
        }, ct);

    /// <summary>The newest committed turns' keys and answers, newest first.</summary>
    public Task<List<TurnReceipt>> ReceiptsAsync(string tenantId, string sessionId, int limit, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "message", (c, tx, t) =>
            c.QueryAsync(tx, """
                SELECT turn_key, turn_result::text FROM messages
                WHERE session_id = @s AND turn_key IS NOT NULL ORDER BY seq DESC LIMIT @l
                """, MapReceipt, t, ("s", sessionId), ("l", limit)), ct);

    public Task<int> CountAsync(string tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "count", "session", async (c, tx, t) =>
            (await c.QueryAsync(tx, "SELECT count(*)::int FROM sessions", r => r.GetInt32(0), t)).Single(), ct);

    /// <summary>The session's row and its messages, together (no foreign key removes the messages for it).</summary>
    public Task<bool> DeleteAsync(string tenantId, string sessionId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "delete", "session", async (c, tx, t) =>
        {
            await c.ExecuteAsync(tx, "DELETE FROM messages WHERE session_id = @id", t, ("id", sessionId));
            return await c.ExecuteAsync(tx, "DELETE FROM sessions WHERE id = @id", t, ("id", sessionId)) > 0;
        }, ct);

    /// <summary>Full-text search over the tenant's own messages (RLS keeps it to this tenant).</summary>
    public Task<List<(string SessionId, int Seq, string Role, string Snippet)>> SearchAsync(string tenantId, string? userId, string query, int limit, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "search", "message", (c, tx, t) =>
            c.QueryAsync(tx, """
                SELECT m.session_id, m.seq, m.role, left(m.content, 300) FROM messages m
                JOIN sessions s ON s.tenant_id = m.tenant_id AND s.id = m.session_id
                WHERE to_tsvector('simple', m.content) @@ plainto_tsquery('simple', @q) AND (@u::text IS NULL OR s.user_id = @u)
                ORDER BY m.created_at DESC LIMIT @l
                """, r => (r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3)), t, ("q", query), ("u", userId), ("l", limit)), ct);

    private static SessionRow MapSession(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3),
        r.GetNullableString(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7));

    private static StoredMessage MapMessage(NpgsqlDataReader r) => new(r.GetInt32(0), new SessionMessage(
        r.GetString(1), r.GetString(2),
        r.GetNullableString(3) is { } tc ? JsonSerializer.Deserialize(tc, StoreJson.Default.ListToolCall) : null,
        r.GetNullableString(4), r.GetNullableString(5),
        r.GetNullableString(7) is { } parts ? JsonSerializer.Deserialize(parts, StoreJson.Default.ListContentPart) : null), r.GetFieldValue<DateTimeOffset>(6));

    private static TurnReceipt MapReceipt(NpgsqlDataReader r) => new(r.GetString(0), JsonSerializer.Deserialize(r.GetString(1), StoreJson.Default.TurnResult)!);
}
