using ModelContextProtocol.Client;

namespace HermesX.Grains.Mcp;

/// <summary>A server's offered tools as last listed, reused until <see cref="ExpiresAt"/>.</summary>
internal sealed record McpToolList(IReadOnlyList<McpToolListing> Tools, DateTimeOffset ExpiresAt);

/// <summary>This silo's state of one tenant's server (<see cref="McpConnections"/>): its client, listen and tool list.</summary>
internal sealed class McpConnection
{
    private int _relistQueued;

    /// <summary>One connect or listing at a time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public McpClient? Client { get; set; }

    public McpToolListListen? Listen { get; set; }

    /// <summary>Null when never listed, or dropped (a list change, an admin change of the tenant's servers).</summary>
    public McpToolList? Listing { get; set; }

    /// <summary>True for the caller that should start a relisting (none was queued).</summary>
    public bool QueueRelist() => Interlocked.Exchange(ref _relistQueued, 1) == 0;

    public void RelistStarted() => Volatile.Write(ref _relistQueued, 0);
}
