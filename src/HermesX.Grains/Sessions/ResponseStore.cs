using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Sessions;

/// <summary>Postgres access for stored Responses API responses; rows are written with their turn's messages.</summary>
public sealed class ResponseStore(TenantDb db)
{
    /// <summary>The row of a response, for the same group-committed write as the turn that produced it.</summary>
    public static ResponseRow Row(string sessionId, string userId, int historyEnd, ResponseTurn response, TurnResult result) =>
        new(response.Id, sessionId, userId, historyEnd, response.RequestJson,
            JsonSerializer.Serialize(result with { Audited = false }, StoreJson.Default.TurnResult), response.CreatedAt);

    public Task<(StoredResponse Response, string UserId, int HistoryEnd)?> GetAsync(string tenantId, string sessionId, string responseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "select", "response", async (c, tx, t) =>
            (await c.QueryAsync(tx, """
                SELECT id, session_id, request::text, result::text, created_at, user_id, history_end FROM responses
                WHERE id = @id AND session_id = @s
                """, Map, t, ("id", responseId), ("s", sessionId))).Cast<(StoredResponse, string, int)?>().SingleOrDefault(), ct);

    public Task<bool> DeleteAsync(string tenantId, string sessionId, string responseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "delete", "response", async (c, tx, t) =>
            await c.ExecuteAsync(tx, "DELETE FROM responses WHERE id = @id AND session_id = @s", t, ("id", responseId), ("s", sessionId)) > 0, ct);

    private static (StoredResponse, string, int) Map(NpgsqlDataReader r) => (
        new StoredResponse(r.GetString(0), r.GetString(1), r.GetString(2), JsonSerializer.Deserialize(r.GetString(3), StoreJson.Default.TurnResult)!,
            r.GetFieldValue<DateTimeOffset>(4)),
        r.GetString(5), r.GetInt32(6));
}
