using System.Text;
using System.Text.Json;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Webhooks;

/// <summary>
/// Where events leave for tenants' webhook endpoints. Enqueueing writes one delivery row per endpoint of
/// the tenant that asked for the event type, with the body every attempt of it sends,
/// <c>{"type", "timestamp", "data"}</c>; the dispatcher delivers it later, so no caller waits on an
/// endpoint. A grain takes this class in its constructor and calls <see cref="EnqueueAsync(string, string, JsonElement, CancellationToken)"/>,
/// or the overload on its own open transaction so the event commits with what it reports.
/// </summary>
public sealed class WebhookOutbox(TenantDb db, TimeProvider time, WebhookSignal signal)
{
    private const string Insert = """
        INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_type, body, next_attempt_at)
        SELECT tenant_id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), id, @type, @body, now()
        FROM webhook_endpoints WHERE tenant_id = @t AND @type = ANY (events)
        """;

    /// <summary>Queues <paramref name="type"/> (a <see cref="Abstractions.Webhooks.WebhookEvents"/> name) with <paramref name="data"/> for the tenant's endpoints that want it; returns how many deliveries were queued.</summary>
    public async Task<int> EnqueueAsync(string tenantId, string type, JsonElement data, CancellationToken ct = default)
    {
        var queued = await db.InTenantAsync(tenantId, "insert", "webhook_delivery", (conn, tx, c) => EnqueueAsync(conn, tx, tenantId, type, data, c), ct);
        if (queued > 0)
        {
            signal.Wake();
        }
        return queued;
    }

    /// <summary>
    /// The same inside the caller's transaction (one of <see cref="TenantDb.InTenantAsync{T}"/> for
    /// <paramref name="tenantId"/>): the deliveries exist if and only if the transaction commits. The
    /// dispatcher finds them on its next poll (within a second).
    /// </summary>
    public Task<int> EnqueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenantId, string type, JsonElement data, CancellationToken ct = default) =>
        conn.ExecuteAsync(tx, Insert, ct, ("t", tenantId), ("type", type), ("body", Body(type, time.GetUtcNow(), data)));

    /// <summary>The delivered body: the event type, when it happened (ISO 8601, UTC) and its data.</summary>
    public static string Body(string type, DateTimeOffset at, JsonElement data)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("timestamp", at.UtcDateTime);
            json.WritePropertyName("data");
            data.WriteTo(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Wakes this silo's dispatcher when an event was queued here, instead of at its next poll.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller woke it first.
            }
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="poll"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan poll, CancellationToken ct) => _wake.WaitAsync(poll, ct);
}
