using System.ComponentModel;
using System.Text.Json;
using HermesX.Grains.Sessions;

namespace HermesX.Grains.Tools;

/// <summary>Full-text search over the user's own earlier messages in this tenant.</summary>
public sealed class SessionSearchTool(SessionStore sessions) : IServerTool
{
    public string Name => "session_search";
    public string Description => "Searches the user's earlier conversations for words and returns matching message snippets.";
    public JsonElement ParametersSchema { get; } = ToolSchema.Of((string query) => { });

    public async Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct)
    {
        var query = ToolArgs.RequiredString(arguments, "query");
        var hits = await sessions.SearchAsync(context.TenantId, context.UserId, query, 10, ct);
        return JsonSerializer.Serialize(hits.Select(h => new { session_id = h.SessionId, seq = h.Seq, role = h.Role, snippet = h.Snippet }));
    }
}
