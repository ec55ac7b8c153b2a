using System.Text.Json;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Outbound;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace HermesX.Grains.Mcp;

/// <summary>
/// Connects to an MCP server, a tenant's or a request's, the one way both are reached: the outbound guard checked at
/// every connection (the host's addresses may have changed), the official SDK client over Streamable HTTP (or SSE where
/// the server speaks only that), HERMES_MCP_TIMEOUT_SECONDS on connecting, and no logger, so no header is ever logged.
/// </summary>
public sealed class McpClients(OutboundGuard guard, McpOptions options)
{
    /// <param name="onToolsChanged">Called when the server says its tool list changed.</param>
    public async Task<McpClient> ConnectAsync(string label, string url, IReadOnlyDictionary<string, string> headers, Action? onToolsChanged,
        CancellationToken ct)
    {
        if (await guard.RefusalAsync("server_url", url, ct) is { } refusal)
        {
            throw new OutboundRefusedException(refusal);
        }
        var http = new HttpClient(guard.CreateHandler(options.Timeout)) { Timeout = Timeout.InfiniteTimeSpan };
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(url),
            Name = label,
            TransportMode = HttpTransportMode.AutoDetect,
            AdditionalHeaders = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase),
            ConnectionTimeout = options.Timeout,
        }, http, NullLoggerFactory.Instance, ownsHttpClient: true);
        var client = await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "HermesX", Version = "1.0" },
            InitializationTimeout = options.Timeout,
        }, NullLoggerFactory.Instance, ct);
        if (onToolsChanged is not null)
        {
            client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
            {
                onToolsChanged();
                return ValueTask.CompletedTask;
            });
        }
        return client;
    }

    /// <summary>The first page of the server's tools: a server listing thousands of tools, or paging forever, is cut here.</summary>
    public static async Task<IList<Tool>> ListToolsAsync(McpClient client, CancellationToken ct) =>
        (await client.ListToolsAsync(new ListToolsRequestParams(), ct)).Tools;

    /// <summary>Calls a tool and returns the server's answer, an error answer included (<see cref="McpTool"/> judges it).</summary>
    public static async Task<CallToolResult> CallAsync(McpClient client, string tool, JsonElement arguments, CancellationToken ct)
    {
        var args = arguments.ValueKind == JsonValueKind.Object
            ? arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
            : [];
        return await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = args }, ct);
    }

    /// <summary>Closes a connection; one that broke may fail to close as well, and it is gone either way.</summary>
    public static async Task CloseAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync();
        }
        catch (Exception)
        {
            // Nothing to do: the connection is dropped.
        }
    }
}
