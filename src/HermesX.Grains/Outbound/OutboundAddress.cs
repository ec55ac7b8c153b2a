using System.Net;

namespace HermesX.Grains.Outbound;

/// <summary>
/// Which IP addresses a call to a tenant-given URL may reach. Loopback, unspecified, private
/// (RFC 1918, IPv6 unique local), link-local (which holds the cloud metadata service at
/// 169.254.169.254), CGNAT, multicast, the IPv4 "this network" and reserved blocks and the metadata
/// address fd00:ec2::254 are the service's own surroundings, not a tenant's: a URL reaching them would
/// let a tenant make the service call its network (SSRF). IPv4-mapped IPv6 addresses are judged as the
/// IPv4 address they carry.
/// </summary>
public static class OutboundAddress
{
    private static readonly IPNetwork[] Forbidden =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),       // RFC 1918
        IPNetwork.Parse("100.64.0.0/10"),    // CGNAT (RFC 6598)
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),    // RFC 1918
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments (some metadata services)
        IPNetwork.Parse("192.168.0.0/16"),   // RFC 1918
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, broadcast
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("64:ff9b::/96"),     // NAT64: reaches IPv4 addresses this check would not see
        IPNetwork.Parse("fc00::/7"),         // unique local (ULA), incl. fd00:ec2::254 (AWS metadata)
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    /// <summary>Whether a tenant's URL may not reach <paramref name="address"/> (unless private addresses are allowed).</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return Forbidden.Any(n => n.Contains(address));
    }
}
