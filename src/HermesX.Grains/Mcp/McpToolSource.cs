using System.Collections.Concurrent;
using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Caching;
using HermesX.Grains.Tools;

namespace HermesX.Grains.Mcp;

/// <summary>
/// A tenant's MCP tools for a turn: every registered server's offerable tools, servers asked in parallel. The
/// tenant's server list is kept per silo like the tenant record (<see cref="SiloCache"/>): a registration or
/// removal is pushed to every silo (<see cref="SiloCachePush.McpServersChangedAsync"/>) and a copy is re-read
/// after <see cref="SiloCache.MaxAge"/> at most, so a turn of a tenant without servers costs no query.
/// </summary>
public sealed class McpToolSource(McpStore store, McpConnections connections, McpOptions options, IAuditSink audit, TimeProvider time)
    : ITenantToolSource
{
    private static readonly IReadOnlyList<IServerTool> None = [];

    private readonly ConcurrentDictionary<string, (long Since, Task<List<McpServerRow>> Rows)> _servers = new(StringComparer.Ordinal);

    public ValueTask<IReadOnlyList<IServerTool>> ToolsAsync(string tenantId, CancellationToken ct)
    {
        var servers = ServersAsync(tenantId);
        // The common case, a tenant without servers whose (empty) list is held: answered at once.
        return servers.IsCompletedSuccessfully && servers.Result.Count == 0 ? ValueTask.FromResult(None) : new(ToolsAsync(tenantId, servers, ct));
    }

    private async Task<IReadOnlyList<IServerTool>> ToolsAsync(string tenantId, Task<List<McpServerRow>> servers, CancellationToken ct)
    {
        var rows = await servers;
        if (rows.Count == 0)
        {
            return None;
        }
        var lists = await Task.WhenAll(rows.Select(async row =>
            (await connections.ToolsAsync(tenantId, row, ct)).Select(t => (IServerTool)new McpTool(McpToolOrigin.Tenant(row.Server), t,
                (context, tool, args, c) => connections.CallAsync(context.TenantId, row, tool, args, c), options, audit))));
        return [.. lists.SelectMany(l => l)];
    }

    /// <summary>The labels of the tenant's servers (this silo's copy of its list): a request's own server may not take one.</summary>
    public async Task<IReadOnlyList<string>> LabelsAsync(string tenantId) => [.. (await ServersAsync(tenantId)).Select(r => r.Server.Label)];

    /// <summary>A server of the tenant was registered, refreshed or removed: its list of servers and their tool lists are read again.</summary>
    public void Forget(string tenantId)
    {
        _servers.TryRemove(tenantId, out _);
        connections.Expire(tenantId);
    }

    private Task<List<McpServerRow>> ServersAsync(string tenantId)
    {
        var now = time.GetTimestamp();
        if (_servers.TryGetValue(tenantId, out var held)
            && (!held.Rows.IsCompleted || (held.Rows.IsCompletedSuccessfully && time.GetElapsedTime(held.Since, now) < SiloCache.MaxAge)))
        {
            return held.Rows;
        }
        // Not the turn's token: readers share the load, and one giving up must not fail the others.
        var rows = store.ListForRuntimeAsync(tenantId, CancellationToken.None);
        _servers[tenantId] = (now, rows);
        return rows;
    }
}
