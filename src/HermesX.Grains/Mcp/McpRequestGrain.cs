using HermesX.Grains.Abstractions.Mcp;
using HermesX.Grains.Outbound;
using Orleans.Concurrency;

namespace HermesX.Grains.Mcp;

/// <summary>
/// Checks a request's MCP servers before its turn starts (key: tenant id), where the guard and the tenant's servers are
/// known: a label one of the tenant's servers has would name two tools alike, and a URL the guard refuses is never called.
/// The turn's own connection checks the address again (<see cref="McpClients"/>).
/// </summary>
[StatelessWorker, GrainType("mcp-request")]
internal sealed class McpRequestGrain(OutboundGuard guard, McpToolSource tenantTools) : Grain, IMcpRequestGrain
{
    async Task<McpRequestRefusal?> IMcpRequestGrain.CheckAsync(IReadOnlyList<McpRequestServer> servers)
    {
        var labels = await tenantTools.LabelsAsync(this.GetPrimaryKeyString());
        foreach (var server in servers)
        {
            var param = $"tools[{server.Index}]";
            if (labels.Contains(server.Label, StringComparer.Ordinal))
            {
                return new McpRequestRefusal($"{param}.server_label '{server.Label}' is the label of one of the tenant's MCP servers: " +
                    "its tools would have the same names; choose another label", param + ".server_label");
            }
            if (await guard.RefusalAsync(param + ".server_url", server.Url) is { } refusal)
            {
                return new McpRequestRefusal(refusal, param + ".server_url");
            }
        }
        return null;
    }
}
