using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace HermesX.Grains.Mcp;

/// <summary>
/// The <c>subscriptions/listen</c> request a connection holds open so the server can send it
/// <c>notifications/tools/list_changed</c>. Servers of the session revisions (up to 2025-11-25) send that
/// notification on the session's own stream, which the SDK opens by itself; from the 2026-07-28 revision on,
/// Streamable HTTP has no sessions and a server sends list changes only on a listen request the client asked
/// for them on. One is opened when the server announces list changes (<c>tools.listChanged</c>).
/// </summary>
public sealed class McpToolListListen
{
    /// <summary>The first revision without sessions, where list changes come only on a listen request.</summary>
    public const string FirstListenRevision = "2026-07-28";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;

    private McpToolListListen(McpClient client) => _listening = HoldAsync(client, _stop.Token);

    /// <summary>True once the server ended the listen (or it failed): the next listing opens a new one; meanwhile the TTL holds.</summary>
    public bool Ended => _listening.IsCompleted;

    /// <summary>Opens a listen when the server needs one and announces list changes; null otherwise.</summary>
    public static McpToolListListen? Open(McpClient client) =>
        client.NegotiatedProtocolVersion is { } revision && string.CompareOrdinal(revision, FirstListenRevision) >= 0
        && client.ServerCapabilities.Tools?.ListChanged == true
            ? new McpToolListListen(client)
            : null;

    /// <summary>Ends the listen (the connection is closed or replaced).</summary>
    public void Stop() => _stop.Cancel();

    private static async Task HoldAsync(McpClient client, CancellationToken ct)
    {
        try
        {
            // The answer only comes when the listen ends: until then its stream carries the notifications,
            // which the client hands to the handler registered for them.
            await client.SendRequestAsync<SubscriptionsListenRequestParams, EmptyResult>(RequestMethods.SubscriptionsListen,
                new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true } },
                McpJsonUtilities.DefaultOptions, cancellationToken: ct);
        }
        catch (Exception)
        {
            // Stopped, refused or cut: Ended says so, and the cached list still expires with its TTL.
        }
    }
}
