using System.ComponentModel;
using System.Text.Json;
using HermesX.Grains.Store;
using HermesX.Grains.Abstractions.Tools;

namespace HermesX.Grains.Tools;

/// <summary>Per-user key/value notes that outlive sessions.</summary>
public sealed class MemoryStore(TenantDb db) : IMemoryQueries
{
    public Task SetAsync(string tenantId, string userId, string key, string value, CancellationToken ct) =>
        db.InTenantAsync(tenantId, "upsert", "memory", (c, tx, t) => c.ExecuteAsync(tx, """
            INSERT INTO memories (tenant_id, user_id, key, value) VALUES (@t, @u, @k, @v)
            ON CONFLICT (tenant_id, user_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
            """, t, ("t", tenantId), ("u", userId), ("k", key), ("v", value)), ct);

    public Task<List<(string Key, string Value)>> ListAsync(string tenantId, string userId, CancellationToken ct) =>
        db.InTenantAsync(tenantId, "list", "memory", (c, tx, t) =>
            c.QueryAsync(tx, "SELECT key, value FROM memories WHERE user_id = @u ORDER BY key LIMIT 200",
                r => (r.GetString(0), r.GetString(1)), t, ("u", userId)), ct);

    /// <summary>A page of notes, by user then key; <paramref name="userId"/> null lists every user's (tenant admins).</summary>
    public Task<List<MemoryNote>> PageAsync(string tenantId, string? userId, int limit, int offset, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "memory", (c, tx, t) =>
            c.QueryAsync(tx, """
                SELECT user_id, key, value, updated_at FROM memories WHERE (@u::text IS NULL OR user_id = @u)
                ORDER BY user_id, key LIMIT @l OFFSET @o
                """, r => new MemoryNote(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)), t,
                ("u", userId), ("l", limit), ("o", offset)), ct);

    public Task<bool> DeleteAsync(string tenantId, string userId, string key, CancellationToken ct) =>
        db.InTenantAsync(tenantId, "delete", "memory", async (c, tx, t) =>
            await c.ExecuteAsync(tx, "DELETE FROM memories WHERE user_id = @u AND key = @k", t, ("u", userId), ("k", key)) > 0, ct);
}

public sealed class MemoryTool(MemoryStore store) : IServerTool
{
    public string Name => "memory";
    public string Description => "Remembers notes about the user across sessions. action: 'set' (key, value), 'get' (key), 'list', 'delete' (key).";
    public JsonElement ParametersSchema { get; } = ToolSchema.Of((MemoryAction action, string? key = null, string? value = null) => { });

    /// <summary>What the model may ask of its notes (the schema's <c>action</c> values).</summary>
    public enum MemoryAction { Set, Get, List, Delete }

    public async Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct)
    {
        var action = ToolArgs.RequiredString(arguments, "action");
        switch (action)
        {
            case "set":
                var key = Key(arguments);
                var value = ToolArgs.RequiredString(arguments, "value");
                if (value.Length > 4000)
                {
                    throw new ToolInputException("value is longer than 4000 characters");
                }
                await store.SetAsync(context.TenantId, context.UserId, key, value, ct);
                return JsonSerializer.Serialize(new { saved = key });
            case "get":
                var wanted = Key(arguments);
                var all = await store.ListAsync(context.TenantId, context.UserId, ct);
                return all.FirstOrDefault(m => m.Key == wanted) is { Key: not null } hit
                    ? JsonSerializer.Serialize(new { key = hit.Key, value = hit.Value })
                    : JsonSerializer.Serialize(new { key = wanted, found = false });
            case "list":
                var list = await store.ListAsync(context.TenantId, context.UserId, ct);
                return JsonSerializer.Serialize(list.Select(m => new { key = m.Key, value = m.Value }));
            case "delete":
                return JsonSerializer.Serialize(new { deleted = await store.DeleteAsync(context.TenantId, context.UserId, Key(arguments), ct) });
            default:
                throw new ToolInputException("action must be one of set, get, list, delete");
        }
    }

    private static string Key(JsonElement args)
    {
        var key = ToolArgs.RequiredString(args, "key");
        return key.Length <= 200 ? key : throw new ToolInputException("key is longer than 200 characters");
    }
}
