using System.Text.Json;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Tenants;

/// <summary>
/// Writes everything a tenant has as one JSON document, row by row from one consistent snapshot, so
/// an export of any size streams without being built in memory. Every table with a tenant_id
/// column is included (found at run time, as the purge does), then the objects of each
/// <see cref="ITenantDataHolder"/>. Secrets (API key hashes, webhook signing secrets, MCP servers' sealed credentials) are left out.
/// </summary>
public sealed class TenantExporter(TenantDb db, IEnumerable<ITenantDataHolder> holders, TimeProvider time)
{
    public const int FormatVersion = 1;

    /// <summary>Tables first in this order, any other tenant table after them by name.</summary>
    private static readonly string[] Preferred =
        ["tenants", "api_keys", "sessions", "messages", "memories", "todos", "execution_receipts", "usage_records", "audit_logs"];

    /// <summary>Columns never exported.</summary>
    private static readonly string[] Secret = ["key_hash", "secret", "credentials"];

    private const int FlushBytes = 32 * 1024;

    public async Task WriteAsync(string tenantId, Stream output, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("tenant_id", tenantId);
        json.WriteString("exported_at", time.GetUtcNow());
        json.WriteNumber("format_version", FormatVersion);
        await db.SnapshotInTenantAsync(tenantId, "export", "tenant", async (conn, tx, c) =>
        {
            foreach (var table in await TablesAsync(conn, tx, c))
            {
                json.WriteStartArray(table);
                await using var cmd = new NpgsqlCommand(
                    $"SELECT (to_jsonb(t) - @secret::text[])::text FROM \"{table}\" t WHERE tenant_id = @tenant", conn, tx);
                cmd.Parameters.AddWithValue("secret", Secret);
                cmd.Parameters.AddWithValue("tenant", tenantId);
                await using var reader = await cmd.ExecuteReaderAsync(c);
                while (await reader.ReadAsync(c))
                {
                    json.WriteRawValue(reader.GetString(0), skipInputValidation: true);
                    if (json.BytesPending > FlushBytes)
                    {
                        await json.FlushAsync(c);
                    }
                }
                json.WriteEndArray();
            }
            return 0;
        }, ct);
        foreach (var holder in holders)
        {
            json.WriteStartArray(holder.Name);
            await foreach (var (key, content) in holder.ExportAsync(tenantId, ct))
            {
                json.WriteStartObject();
                json.WriteString("key", key);
                json.WriteString("content", content);
                json.WriteEndObject();
                await json.FlushAsync(ct);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private static async Task<List<string>> TablesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var tables = await conn.QueryAsync(tx, """
            SELECT c.table_name::text
            FROM information_schema.columns c
            JOIN information_schema.tables b ON b.table_schema = c.table_schema AND b.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND b.table_type = 'BASE TABLE'
            """, r => r.GetString(0), ct);
        return tables
            .OrderBy(t => Array.IndexOf(Preferred, t) is var i and >= 0 ? i : Preferred.Length)
            .ThenBy(t => t, StringComparer.Ordinal)
            .ToList();
    }
}
