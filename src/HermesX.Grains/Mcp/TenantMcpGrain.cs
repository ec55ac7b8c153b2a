using HermesX.Grains.Abstractions.Mcp;
using HermesX.Grains.Caching;
using HermesX.Grains.Outbound;

namespace HermesX.Grains.Mcp;

/// <summary>Writes one tenant's MCP servers (key: tenant id), checking each URL before it is stored.</summary>
[GrainType("tenant-mcp")]
public sealed class TenantMcpGrain(McpStore store, McpSecrets secrets, OutboundGuard guard, McpConnections connections, SiloCachePush push) : Grain, ITenantMcpGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    async Task<McpRegistration> ITenantMcpGrain.CreateAsync(McpServerSpec spec)
    {
        if (await guard.RefusalAsync("server_url", spec.Url) is { } refusal)
        {
            return new McpRegistration(null, refusal, "server_url");
        }
        byte[]? sealedCredentials = null;
        if (spec.Headers is { Count: > 0 } || spec.BearerToken is not null)
        {
            if (!secrets.CanSeal)
            {
                var field = spec.BearerToken is not null ? "bearer_token" : "headers";
                return new McpRegistration(null, $"'{field}' cannot be stored: the platform has no HERMES_MCP_SECRET_KEY to encrypt credentials with", field);
            }
            sealedCredentials = secrets.Seal(new McpCredentials(new Dictionary<string, string>(spec.Headers ?? new Dictionary<string, string>()), spec.BearerToken));
        }
        var server = await store.CreateAsync(TenantId, spec, sealedCredentials);
        if (server is null)
        {
            return new McpRegistration(null, $"The tenant already has an MCP server labelled '{spec.Label}'", "server_label");
        }
        return new McpRegistration(await ContactAsync(new McpServerRow(server, sealedCredentials)) ?? server, null, null);
    }

    async Task<McpServer?> ITenantMcpGrain.RefreshAsync(string serverId) =>
        (await store.ListForRuntimeAsync(TenantId)).FirstOrDefault(r => r.Server.Id == serverId) is { } row ? await ContactAsync(row) : null;

    /// <summary>
    /// Every silo's next turn of the tenant reads its servers and their tool lists again (acknowledged once each
    /// silo has dropped them); then this silo asks the server for its tools now, so GET shows the tool list and
    /// health at once. An unreachable server stays registered, marked unhealthy. Null when it was removed meanwhile.
    /// </summary>
    private async Task<McpServer?> ContactAsync(McpServerRow row)
    {
        await push.McpServersChangedAsync(TenantId);
        await connections.RefreshAsync(TenantId, row, CancellationToken.None);
        return (await store.ListAsync(TenantId)).FirstOrDefault(s => s.Id == row.Server.Id);
    }

    async Task<bool> ITenantMcpGrain.DeleteAsync(string serverId)
    {
        if (!await store.DeleteAsync(TenantId, serverId))
        {
            return false;
        }
        connections.Forget(TenantId, serverId);
        await push.McpServersChangedAsync(TenantId);
        return true;
    }
}
