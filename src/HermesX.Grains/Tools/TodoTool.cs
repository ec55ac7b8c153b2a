using System.ComponentModel;
using System.Text.Json;
using HermesX.Grains.Store;

namespace HermesX.Grains.Tools;

/// <summary>The session's todo list.</summary>
public sealed class TodoStore(TenantDb db)
{
    public Task<int> AddAsync(string tenantId, string sessionId, string text, CancellationToken ct) =>
        db.InTenantAsync(tenantId, "insert", "todo", async (c, tx, t) =>
            (await c.QueryAsync(tx, """
                INSERT INTO todos (tenant_id, session_id, id, text)
                VALUES (@t, @s, (SELECT COALESCE(max(id), 0) + 1 FROM todos WHERE session_id = @s), @x)
                RETURNING id
                """, r => r.GetInt32(0), t, ("t", tenantId), ("s", sessionId), ("x", text))).Single(), ct);

    public Task<bool> SetDoneAsync(string tenantId, string sessionId, int id, bool done, CancellationToken ct) =>
        db.InTenantAsync(tenantId, "update", "todo", async (c, tx, t) =>
            await c.ExecuteAsync(tx, "UPDATE todos SET done = @d, updated_at = now() WHERE session_id = @s AND id = @id", t,
                ("d", done), ("s", sessionId), ("id", id)) > 0, ct);

    public Task<List<(int Id, string Text, bool Done)>> ListAsync(string tenantId, string sessionId, CancellationToken ct) =>
        db.InTenantAsync(tenantId, "list", "todo", (c, tx, t) =>
            c.QueryAsync(tx, "SELECT id, text, done FROM todos WHERE session_id = @s ORDER BY id",
                r => (r.GetInt32(0), r.GetString(1), r.GetBoolean(2)), t, ("s", sessionId)), ct);
}

public sealed class TodoTool(TodoStore store) : IServerTool
{
    public string Name => "todo";
    public string Description => "This conversation's todo list. action: 'add' (text), 'done' (id), 'undo' (id), 'list'.";
    public JsonElement ParametersSchema { get; } = ToolSchema.Of((TodoAction action, string? text = null, int? id = null) => { });

    /// <summary>What the model may do with the list (the schema's <c>action</c> values).</summary>
    public enum TodoAction { Add, Done, Undo, List }

    public async Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct)
    {
        var (tenant, session) = (context.TenantId, context.SessionId);
        switch (ToolArgs.RequiredString(arguments, "action"))
        {
            case "add":
                var text = ToolArgs.RequiredString(arguments, "text");
                return JsonSerializer.Serialize(new { added = await store.AddAsync(tenant, session, text.Length > 500 ? text[..500] : text, ct) });
            case "done" or "undo":
                var done = ToolArgs.RequiredString(arguments, "action") == "done";
                var id = arguments.TryGetProperty("id", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new ToolInputException("argument 'id' (integer) is required");
                return JsonSerializer.Serialize(new { id, done, found = await store.SetDoneAsync(tenant, session, id, done, ct) });
            case "list":
                var items = await store.ListAsync(tenant, session, ct);
                return JsonSerializer.Serialize(items.Select(x => new { id = x.Id, text = x.Text, done = x.Done }));
            default:
                throw new ToolInputException("action must be one of add, done, undo, list");
        }
    }
}
