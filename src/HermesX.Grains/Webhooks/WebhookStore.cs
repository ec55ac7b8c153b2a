using System.Security.Cryptography;
using HermesX.Grains.Abstractions.Webhooks;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Webhooks;

/// <summary>
/// Postgres access for a tenant's <c>webhook_endpoints</c> and the listing of its deliveries. The secret is
/// written once and read back only by the dispatcher (<see cref="WebhookQueue"/>), never by a listing.
/// </summary>
public sealed class WebhookStore(TenantDb db) : IWebhookQueries
{
    private const string EndpointColumns = "id, url, events, created_at";

    /// <summary>A new signing secret in the Standard Webhooks form: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string NewEndpointId() => "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public Task<WebhookEndpoint> CreateAsync(string tenantId, string url, IReadOnlyList<string> events, string secret, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "insert", "webhook_endpoint", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                INSERT INTO webhook_endpoints (tenant_id, id, url, events, secret) VALUES (@t, @id, @url, @events, @secret)
                RETURNING {EndpointColumns}
                """, MapEndpoint, c, ("t", tenantId), ("id", NewEndpointId()), ("url", url), ("events", events.ToArray()), ("secret", secret))).Single(), ct);

    public Task<bool> DeleteAsync(string tenantId, string endpointId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "delete", "webhook_endpoint", async (conn, tx, c) =>
            await conn.ExecuteAsync(tx, "DELETE FROM webhook_endpoints WHERE id = @id", c, ("id", endpointId)) > 0, ct);

    public Task<List<WebhookEndpoint>> ListAsync(string tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "webhook_endpoint", (conn, tx, c) =>
            conn.QueryAsync(tx, $"SELECT {EndpointColumns} FROM webhook_endpoints ORDER BY created_at DESC, id", MapEndpoint, c), ct);

    public Task<List<WebhookDeliveryRecord>?> DeliveriesAsync(string tenantId, string endpointId, int limit, CancellationToken ct = default) =>
        db.InTenantAsync<List<WebhookDeliveryRecord>?>(tenantId, "list", "webhook_delivery", async (conn, tx, c) =>
        {
            var found = await conn.QueryAsync(tx, "SELECT 1 FROM webhook_endpoints WHERE id = @id", r => r.GetInt32(0), c, ("id", endpointId));
            if (found.Count == 0)
            {
                return null;
            }
            return await conn.QueryAsync(tx, """
                SELECT id, endpoint_id, event_type, state, attempts, last_status, last_error, next_attempt_at, created_at, delivered_at
                FROM webhook_deliveries WHERE endpoint_id = @id ORDER BY created_at DESC, id LIMIT @l
                """, MapDelivery, c, ("id", endpointId), ("l", limit));
        }, ct);

    private static WebhookEndpoint MapEndpoint(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.GetFieldValue<DateTimeOffset>(3));

    private static WebhookDeliveryRecord MapDelivery(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetNullable<int>(5), r.GetNullableString(6),
            r.GetNullable<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8), r.GetNullable<DateTimeOffset>(9));
}
