using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Tools;

namespace HermesX.Grains.Mcp;

/// <summary>A tenant's MCP tools for a turn: every registered server's offerable tools, servers asked in parallel.</summary>
public sealed class McpToolSource(McpStore store, McpConnections connections, McpOptions options, IAuditSink audit) : ITenantToolSource
{
    public async Task<IReadOnlyList<IServerTool>> ToolsAsync(string tenantId, CancellationToken ct)
    {
        var rows = await store.ListForRuntimeAsync(tenantId, ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var lists = await Task.WhenAll(rows.Select(async row =>
            (await connections.ToolsAsync(tenantId, row, ct)).Select(t => (IServerTool)new McpTool(row, t, connections, options, audit))));
        return [.. lists.SelectMany(l => l)];
    }
}
