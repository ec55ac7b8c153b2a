using HermesX.Grains.Abstractions.Audit;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Mcp;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Abstractions.Text;
using ModelContextProtocol.Client;

namespace HermesX.Grains.Mcp;

/// <summary>
/// Opens a request's own MCP servers for its turn: connects to each (in parallel, through <see cref="McpClients"/>: the
/// same guard, timeout and caps as a tenant's server), lists its tools once and offers them as <c>{server_label}__{tool}</c>
/// (<see cref="McpToolNames"/>, the request's <c>allowed_tools</c> applied). Nothing of such a server is stored or cached:
/// its connection, and the headers it was made with, end with the turn.
/// </summary>
public sealed class McpRequestTools(McpClients clients, McpOptions options, IAuditSink audit)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>The request's servers, listed in parallel; completes at once, allocating nothing, for a request without any.</summary>
    public ValueTask<McpRequestSession> OpenAsync(IReadOnlyList<McpRequestServer>? servers, CancellationToken ct) =>
        servers is { Count: > 0 } ? new(OpenAllAsync(servers, ct)) : ValueTask.FromResult(McpRequestSession.None);

    private async Task<McpRequestSession> OpenAllAsync(IReadOnlyList<McpRequestServer> servers, CancellationToken ct) =>
        new(await Task.WhenAll(servers.Select(s => OpenAsync(s, ct))));

    private async Task<McpRequestSession.Server> OpenAsync(McpRequestServer server, CancellationToken ct)
    {
        var id = RandomIds.New("mcpl_");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        McpClient? client = null;
        try
        {
            client = await clients.ConnectAsync(server.Label, server.Url, server.Headers ?? NoHeaders, null, timeout.Token);
            var listed = McpToolNames.Offerable(server.Label, server.AllowedTools, await McpClients.ListToolsAsync(client, timeout.Token),
                options.MaxToolsPerServer);
            var origin = McpToolOrigin.Request(server.Label, server.Url, server.RequireApproval);
            var connected = client;
            var tools = listed.Select(l => new McpTool(origin, l, (_, tool, args, c) => McpClients.CallAsync(connected, tool, args, c), options, audit)).ToList();
            var item = new McpItem(McpItemTypes.ListTools, id, server.Label,
                [.. listed.Select(l => new McpListedTool(l.Name, l.Description, l.InputSchema.GetRawText()))]);
            return new McpRequestSession.Server(client, tools, item);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The model is offered none of its tools, and the response says why in the listing's error.
            if (client is not null)
            {
                await McpClients.CloseAsync(client);
            }
            return new McpRequestSession.Server(null, [], new McpItem(McpItemTypes.ListTools, id, server.Label, [], Error: McpFailure.Describe(e, options.Timeout)));
        }
    }
}
