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
/// reused for HERMES_MCP_TOOLS_TTL_SECONDS. When the server sends <c>notifications/tools/list_changed</c> (on a
/// <see cref="McpToolListListen"/> where its revision needs one) the list is dropped and asked for again at once, and
/// the answer recorded, so the next turn and GET /v1/mcp/servers see it without waiting for the TTL. Every request
/// runs under HERMES_MCP_TIMEOUT_SECONDS.
/// </summary>
public sealed class McpConnections(McpStore store, McpSecrets secrets, McpClients clients, McpOptions options, TimeProvider time) : IAsyncDisposable
{
    /// <summary>How long a server that failed is left alone before a turn tries it again.</summary>
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Tenant, string Server), McpConnection> _connections = new();

    /// <summary>The tools the server offers now (cached); empty when it cannot be reached, which its health records.</summary>
    public Task<IReadOnlyList<McpToolListing>> ToolsAsync(string tenantId, McpServerRow row, CancellationToken ct) =>
        ListedAsync(tenantId, row, ConnectionOf(tenantId, row), refresh: false, ct);

    /// <summary>Asks the server for its tools now and records what it said (or that it failed).</summary>
    public Task RefreshAsync(string tenantId, McpServerRow row, CancellationToken ct) => ListedAsync(tenantId, row, ConnectionOf(tenantId, row), refresh: true, ct);

    /// <summary>Drops this silo's tool lists of the tenant's servers: the next turn asks each server again.</summary>
    public void Expire(string tenantId)
    {
        foreach (var (key, c) in _connections)
        {
            if (key.Tenant == tenantId)
            {
                c.Listing = null;
            }
        }
    }

    private async Task<IReadOnlyList<McpToolListing>> ListedAsync(string tenantId, McpServerRow row, McpConnection c, bool refresh, CancellationToken ct)
    {
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

    private IReadOnlyList<McpToolListing>? Fresh(McpConnection c) => c.Listing is { } l && l.ExpiresAt > time.GetUtcNow() ? l.Tools : null;

    private McpConnection ConnectionOf(string tenantId, McpServerRow row) => _connections.GetOrAdd((tenantId, row.Server.Id), _ => new McpConnection());

    /// <summary>Calls a tool and returns the server's answer, an error answer included (<see cref="McpTool"/> judges it); a broken connection is dropped and rethrown.</summary>
    public async Task<CallToolResult> CallAsync(string tenantId, McpServerRow row, string tool, JsonElement arguments, CancellationToken ct)
    {
        var c = ConnectionOf(tenantId, row);
        McpClient client;
        await c.Gate.WaitAsync(ct);
        try
        {
            client = c.Client ??= await ConnectAsync(tenantId, row, c, ct);
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
        if (!_connections.TryRemove((tenantId, serverId), out var c))
        {
            return;
        }
        c.Listen?.Stop();
        if (c.Client is { } client)
        {
            _ = McpClients.CloseAsync(client);
        }
    }

    private async Task<McpToolList> ListAsync(string tenantId, McpServerRow row, McpConnection c, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        McpToolList listing;
        try
        {
            var client = c.Client ??= await ConnectAsync(tenantId, row, c, timeout.Token);
            if (c.Listen is { Ended: true })
            {
                // The server ended the last listen: a new one, opened before listing, so no change falls between.
                c.Listen = McpToolListListen.Open(client);
            }
            var tools = await McpClients.ListToolsAsync(client, timeout.Token);
            listing = new McpToolList(McpToolNames.Offerable(row.Server.Label, row.Server.AllowedTools, tools, options.MaxToolsPerServer), time.GetUtcNow() + options.ToolsTtl);
            await store.RecordContactAsync(tenantId, row.Server.Id, [.. listing.Tools.Select(t => new McpToolInfo(t.Name, t.Description))], McpHealth.Ok, null, CancellationToken.None);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (c.Client is { } broken)
            {
                await DropAsync(c, broken);
            }
            listing = new McpToolList([], time.GetUtcNow() + FailureBackoff);
            await store.RecordContactAsync(tenantId, row.Server.Id, null, McpHealth.Error, McpFailure.Describe(e, options.Timeout), CancellationToken.None);
        }
        c.Listing = listing;
        return listing;
    }

    private async Task<McpClient> ConnectAsync(string tenantId, McpServerRow row, McpConnection c, CancellationToken ct)
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
        var client = await clients.ConnectAsync(row.Server.Label, row.Server.Url, headers, () => ToolsChanged(tenantId, row, c), ct);
        c.Listen?.Stop();
        c.Listen = McpToolListListen.Open(client);
        return client;
    }

    private void ToolsChanged(string tenantId, McpServerRow row, McpConnection c)
    {
        c.Listing = null;
        // A burst of notifications costs one listing (and one more if another comes while it runs).
        if (c.QueueRelist())
        {
            _ = RelistAsync(tenantId, row, c);
        }
    }

    /// <summary>Lists the changed server again and records it, so GET shows the new list before any turn asks.</summary>
    private async Task RelistAsync(string tenantId, McpServerRow row, McpConnection c)
    {
        // Off the SDK's message loop: the listing's answer arrives through that loop.
        await Task.Yield();
        c.RelistStarted();
        if (!_connections.TryGetValue((tenantId, row.Server.Id), out var current) || !ReferenceEquals(current, c))
        {
            return; // The server was removed meanwhile.
        }
        try
        {
            // Always asked: a listing that ran while the notification came may hold the old list.
            await ListedAsync(tenantId, row, c, refresh: true, CancellationToken.None);
        }
        catch (Exception)
        {
            // Only the record of the contact can fail here (its health is written where it can be); the next turn lists again.
        }
    }

    private static async Task DropAsync(McpConnection c, McpClient client)
    {
        if (ReferenceEquals(c.Client, client))
        {
            c.Client = null;
            c.Listen?.Stop();
            c.Listen = null;
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
}

/// <summary>The server's stored credentials could not be opened.</summary>
public sealed class McpCredentialsException(string message) : Exception(message);
