using System.Security.Cryptography;
using System.Text.Json;
using HermesX.Grains.Abstractions.Mcp;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Mcp;

/// <summary>A server as the tool runtime needs it: its listing and its sealed credentials.</summary>
public sealed record McpServerRow(McpServer Server, byte[]? Credentials);

/// <summary>Postgres access for a tenant's <c>mcp_servers</c>; credentials are read only by the tool runtime, never by a listing.</summary>
public sealed class McpStore(TenantDb db) : IMcpQueries
{
    private const string Columns = "id, label, url, allowed_tools, require_approval, header_names, has_bearer_token, created_at, tools::text, health, health_error, checked_at";

    public static string NewId() => "mcp_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Stores the server; null when the tenant already has one with this label.</summary>
    public Task<McpServer?> CreateAsync(string tenantId, McpServerSpec spec, byte[]? credentials, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "insert", "mcp_server", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                INSERT INTO mcp_servers (tenant_id, id, label, url, allowed_tools, require_approval, header_names, has_bearer_token, credentials)
                VALUES (@t, @id, @label, @url, @allowed::text[], @approval, @headers, @bearer, @creds::bytea)
                ON CONFLICT (tenant_id, label) DO NOTHING
                RETURNING {Columns}
                """, Map, c, ("t", tenantId), ("id", NewId()), ("label", spec.Label), ("url", spec.Url), ("allowed", spec.AllowedTools?.ToArray()),
                ("approval", spec.RequireApproval), ("headers", (spec.Headers?.Keys ?? []).ToArray()), ("bearer", spec.BearerToken is not null),
                ("creds", credentials))).SingleOrDefault(), ct);

    public Task<bool> DeleteAsync(string tenantId, string id, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "delete", "mcp_server", async (conn, tx, c) =>
            await conn.ExecuteAsync(tx, "DELETE FROM mcp_servers WHERE id = @id", c, ("id", id)) > 0, ct);

    public Task<List<McpServer>> ListAsync(string tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "mcp_server", (conn, tx, c) =>
            conn.QueryAsync(tx, $"SELECT {Columns} FROM mcp_servers ORDER BY created_at, id", Map, c), ct);

    /// <summary>The tenant's servers with their sealed credentials, for connecting.</summary>
    public Task<List<McpServerRow>> ListForRuntimeAsync(string tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "mcp_server", (conn, tx, c) =>
            conn.QueryAsync(tx, $"SELECT {Columns}, credentials FROM mcp_servers ORDER BY created_at, id",
                r => new McpServerRow(Map(r), r.IsDBNull(12) ? null : r.GetFieldValue<byte[]>(12)), c), ct);

    /// <summary>Records the last contact: the tools seen (when it answered) and its health.</summary>
    public Task RecordContactAsync(string tenantId, string id, IReadOnlyList<McpToolInfo>? tools, string health, string? error, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "update", "mcp_server", (conn, tx, c) =>
            conn.ExecuteAsync(tx, """
                UPDATE mcp_servers SET tools = COALESCE(@tools::jsonb, tools), health = @h, health_error = @e::text, checked_at = now() WHERE id = @id
                """, c, ("id", id), ("tools", tools is null ? null : JsonSerializer.Serialize(tools)), ("h", health), ("e", error)), ct);

    private static McpServer Map(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetFieldValue<string[]>(3), r.GetString(4),
        r.GetFieldValue<string[]>(5), r.GetBoolean(6), r.GetFieldValue<DateTimeOffset>(7),
        r.IsDBNull(8) ? null : JsonSerializer.Deserialize<List<McpToolInfo>>(r.GetString(8)), r.GetString(9), r.GetNullableString(10),
        r.GetNullable<DateTimeOffset>(11));
}
