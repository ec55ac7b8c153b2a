using System.Collections.Concurrent;
using System.Text.Json;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Mcp;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace HermesX.Grains.Mcp;

/// <summary>A tool a server offers, as the model is told of it.</summary>
public sealed record McpToolListing(string Name, string? Description, JsonElement InputSchema);

/// <summary>
/// This silo's connections to tenants' MCP servers (made by <see cref="McpClients"/>) and each server's tool list,
/// reused for HERMES_MCP_TOOLS_TTL_SECONDS and dropped at once when the server sends
/// <c>notifications/tools/list_changed</c>. Every request runs under HERMES_MCP_TIMEOUT_SECONDS.
/// </summary>
public sealed class McpConnections(McpStore store, McpSecrets secrets, McpClients clients, McpOptions options, TimeProvider time) : IAsyncDisposable
{
    /// <summary>How long a server that failed is left alone before a turn tries it again.</summary>
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Tenant, string Server), Connection> _connections = new();

    /// <summary>The tools the server offers now (cached); empty when it cannot be reached, which its health records.</summary>
    public Task<IReadOnlyList<McpToolListing>> ToolsAsync(string tenantId, McpServerRow row, CancellationToken ct) => ListedAsync(tenantId, row, refresh: false, ct);

    /// <summary>Asks the server for its tools now and records what it said (or that it failed).</summary>
    public Task RefreshAsync(string tenantId, McpServerRow row, CancellationToken ct) => ListedAsync(tenantId, row, refresh: true, ct);

    private async Task<IReadOnlyList<McpToolListing>> ListedAsync(string tenantId, McpServerRow row, bool refresh, CancellationToken ct)
    {
        var c = ConnectionOf(tenantId, row);
        if (!refresh && Fresh(c) is { } fresh)
        {
            return fresh;
        }
        await c.Gate.WaitAsync(ct);
        try
        {
            // Another caller may have listed while this one waited.
            return !refresh && Fresh(c) is { } listed ? listed : (await ListAsync(tenantId, row, c, ct)).Tools;
        }
        finally
        {
            c.Gate.Release();
        }
    }

    private IReadOnlyList<McpToolListing>? Fresh(Connection c) => c.Listing is { } l && l.ExpiresAt > time.GetUtcNow() ? l.Tools : null;

    private Connection ConnectionOf(string tenantId, McpServerRow row) => _connections.GetOrAdd((tenantId, row.Server.Id), _ => new Connection());

    /// <summary>Calls a tool and returns the server's answer, an error answer included (<see cref="McpTool"/> judges it); a broken connection is dropped and rethrown.</summary>
    public async Task<CallToolResult> CallAsync(string tenantId, McpServerRow row, string tool, JsonElement arguments, CancellationToken ct)
    {
        var c = ConnectionOf(tenantId, row);
        McpClient client;
        await c.Gate.WaitAsync(ct);
        try
        {
            client = c.Client ??= await ConnectAsync(row, c, ct);
        }
        finally
        {
            c.Gate.Release();
        }
        try
        {
            return await McpClients.CallAsync(client, tool, arguments, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await DropAsync(c, client);
            throw;
        }
    }

    /// <summary>Closes this silo's connection to a deleted server.</summary>
    public void Forget(string tenantId, string serverId)
    {
        if (_connections.TryRemove((tenantId, serverId), out var c) && c.Client is { } client)
        {
            _ = client.DisposeAsync().AsTask();
        }
    }

    private async Task<Listing> ListAsync(string tenantId, McpServerRow row, Connection c, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        Listing listing;
        try
        {
            var client = c.Client ??= await ConnectAsync(row, c, timeout.Token);
            var tools = await McpClients.ListToolsAsync(client, timeout.Token);
            listing = new Listing(McpToolNames.Offerable(row.Server.Label, row.Server.AllowedTools, tools, options.MaxToolsPerServer), time.GetUtcNow() + options.ToolsTtl);
            await store.RecordContactAsync(tenantId, row.Server.Id, [.. listing.Tools.Select(t => new McpToolInfo(t.Name, t.Description))], McpHealth.Ok, null, CancellationToken.None);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (c.Client is { } broken)
            {
                await DropAsync(c, broken);
            }
            listing = new Listing([], time.GetUtcNow() + FailureBackoff);
            await store.RecordContactAsync(tenantId, row.Server.Id, null, McpHealth.Error, McpFailure.Describe(e, options.Timeout), CancellationToken.None);
        }
        c.Listing = listing;
        return listing;
    }

    private Task<McpClient> ConnectAsync(McpServerRow row, Connection c, CancellationToken ct)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (row.Credentials is { } sealedCredentials)
        {
            var credentials = secrets.Open(sealedCredentials)
                ?? throw new McpCredentialsException("its stored credentials cannot be decrypted (HERMES_MCP_SECRET_KEY is unset or changed)");
            foreach (var (name, value) in credentials.Headers)
            {
                headers[name] = value;
            }
            if (credentials.BearerToken is { } token)
            {
                headers["Authorization"] = "Bearer " + token;
            }
        }
        return clients.ConnectAsync(row.Server.Label, row.Server.Url, headers, () => c.Listing = null, ct);
    }

    private static async Task DropAsync(Connection c, McpClient client)
    {
        if (ReferenceEquals(c.Client, client))
        {
            c.Client = null;
        }
        await McpClients.CloseAsync(client);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _connections.Values)
        {
            if (c.Client is { } client)
            {
                await DropAsync(c, client);
            }
        }
    }

    private sealed record Listing(IReadOnlyList<McpToolListing> Tools, DateTimeOffset ExpiresAt);

    private sealed class Connection
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public McpClient? Client { get; set; }

        public Listing? Listing { get; set; }
    }
}

/// <summary>The server's stored credentials could not be opened.</summary>
public sealed class McpCredentialsException(string message) : Exception(message);
