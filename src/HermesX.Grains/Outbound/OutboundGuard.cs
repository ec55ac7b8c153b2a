using System.Net;
using System.Net.Sockets;

namespace HermesX.Grains.Outbound;

/// <summary>A call to a tenant's URL was not made: its host reaches only addresses the service may not call.</summary>
public sealed class OutboundRefusedException(string message) : Exception(message);

/// <summary>
/// The one check of a tenant-given URL (webhook endpoints, MCP servers): when it is registered, its scheme and
/// every address its host resolves to; when it is called, the handler from <see cref="CreateHandler"/>
/// resolves the host again and connects only to an address it has just checked, so a DNS answer that
/// changes after registration (DNS rebinding) cannot lead the call into the service's own network.
/// With <c>HERMES_OUTBOUND_ALLOW_PRIVATE=true</c> plain http and every address are allowed (development, tests).
/// </summary>
public sealed class OutboundGuard(bool allowPrivate)
{
    /// <summary>What is wrong with <paramref name="url"/> as a target, in words for the tenant naming <paramref name="field"/>; null when it may be called.</summary>
    public async Task<string?> RefusalAsync(string field, string url, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            return $"'{field}' must be an absolute https URL";
        }
        if (uri.Scheme == "http" && !allowPrivate)
        {
            return $"'{field}' must use https (plain http only where HERMES_OUTBOUND_ALLOW_PRIVATE=true)";
        }
        if (uri.UserInfo.Length > 0)
        {
            return $"'{field}' must not carry credentials in the URL";
        }
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return $"'{field}' names a host that does not resolve: '{uri.Host}'";
        }
        return !allowPrivate && addresses.Any(OutboundAddress.IsForbidden)
            ? $"'{field}' reaches a loopback, private, link-local or other internal address ('{uri.Host}'); only public addresses may be called"
            : null;
    }

    /// <summary>
    /// A handler for calls to tenants' URLs: every connection resolves the host and goes to an allowed
    /// address only; no proxy (it would be the one connected to) and no redirects (a 3xx is an answer).
    /// </summary>
    public SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectTimeout = connectTimeout,
        // Connections are re-made, and their address re-checked, at least this often.
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var allowed = (await ResolveAsync(endpoint.Host, ct)).Where(a => allowPrivate || !OutboundAddress.IsForbidden(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new OutboundRefusedException("the host resolves only to addresses that may not be called");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
}
