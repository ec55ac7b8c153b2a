using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Webhooks;

/// <summary>One claimed attempt of a delivery: what to send where, and which attempt it is.</summary>
public sealed record ClaimedDelivery(string TenantId, string Id, string EndpointId, string EventType, string Body, int Attempt, string Url, string Secret);

/// <summary>
/// The dispatcher's side of the outbox. Which tenants have deliveries due is read across tenants (read
/// only); each tenant's due deliveries are then claimed in its own scope with <c>FOR UPDATE SKIP LOCKED</c>,
/// so silos polling together never take the same attempt, and the claim moves the delivery's next attempt
/// past the lease: a silo that dies with an attempt in flight leaves it to be claimed again once the
/// lease ends. An outcome is written only by the claim it belongs to (same attempt number, still pending).
/// </summary>
public sealed class WebhookQueue(TenantDb db)
{
    public Task<List<string>> DueTenantsAsync(int limit, CancellationToken ct = default) =>
        db.AcrossTenantsAsync("list", "webhook_delivery", (conn, tx, c) => conn.QueryAsync(tx, """
            SELECT tenant_id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= now()
            GROUP BY tenant_id ORDER BY min(next_attempt_at) LIMIT @l
            """, r => r.GetString(0), c, ("l", limit)), ct);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries of the tenant for <paramref name="lease"/>. A delivery
    /// whose last allowed attempt ended without an outcome (its silo died) is marked dead instead.
    /// </summary>
    public Task<List<ClaimedDelivery>> ClaimAsync(string tenantId, int limit, int maxAttempts, TimeSpan lease, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "claim", "webhook_delivery", async (conn, tx, c) =>
        {
            await conn.ExecuteAsync(tx, """
                UPDATE webhook_deliveries SET state = 'dead', next_attempt_at = NULL,
                       last_error = coalesce(last_error, 'the last attempt ended without an outcome')
                WHERE state = 'pending' AND next_attempt_at <= now() AND attempts >= @max
                """, c, ("max", maxAttempts));
            return await conn.QueryAsync(tx, """
                WITH due AS (
                    SELECT id FROM webhook_deliveries
                    WHERE state = 'pending' AND next_attempt_at <= now() AND attempts < @max
                    ORDER BY next_attempt_at LIMIT @l FOR UPDATE SKIP LOCKED)
                UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + @lease
                FROM due, webhook_endpoints e
                WHERE d.id = due.id AND e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
                RETURNING d.tenant_id, d.id, d.endpoint_id, d.event_type, d.body, d.attempts, e.url, e.secret
                """, Map, c, ("max", maxAttempts), ("l", limit), ("lease", lease));
        }, ct);

    /// <summary>Records an attempt's outcome: delivered, retried at <paramref name="retryAt"/>, or dead when that is null.</summary>
    public Task RecordAsync(ClaimedDelivery claim, bool delivered, int? status, string? error, DateTimeOffset? retryAt, CancellationToken ct = default) =>
        db.InTenantAsync(claim.TenantId, "update", "webhook_delivery", (conn, tx, c) => conn.ExecuteAsync(tx, """
            UPDATE webhook_deliveries
            SET state = CASE WHEN @ok THEN 'delivered' WHEN @retry::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
                next_attempt_at = CASE WHEN @ok THEN NULL ELSE @retry::timestamptz END,
                delivered_at = CASE WHEN @ok THEN now() END,
                last_status = @status::integer, last_error = @error::text
            WHERE id = @id AND attempts = @attempt AND state = 'pending'
            """, c, ("ok", delivered), ("retry", retryAt), ("status", status), ("error", error), ("id", claim.Id),
            ("attempt", claim.Attempt)), ct);

    /// <summary>
    /// Removes delivered and dead deliveries queued before <paramref name="cutoff"/>, tenant by tenant (found
    /// by a read-only platform query, deleted in each tenant's scope); pending ones stay whatever their age.
    /// </summary>
    public async Task<long> PruneAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        var tenants = await db.AcrossTenantsAsync("list", "webhook_delivery", (conn, tx, c) => conn.QueryAsync(tx,
            "SELECT DISTINCT tenant_id FROM webhook_deliveries WHERE state <> 'pending' AND created_at < @cutoff", r => r.GetString(0), c, ("cutoff", cutoff)), ct);
        long removed = 0;
        foreach (var tenant in tenants)
        {
            removed += await db.InTenantAsync(tenant, "delete", "webhook_delivery", (conn, tx, c) => conn.ExecuteAsync(tx,
                "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < @cutoff", c, ("cutoff", cutoff)), ct);
        }
        return removed;
    }

    private static ClaimedDelivery Map(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetString(6), r.GetString(7));
}
