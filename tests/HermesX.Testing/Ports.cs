using System.Net;
using System.Net.Sockets;

namespace HermesX.Testing;

public static class Ports
{
    // Below Linux' ephemeral range (32768+), so outgoing connections never take a port between
    // the moment it is picked and the moment a server binds it.
    private const int First = 20000;
    private const int Last = 32000;
    private static int s_next = First + Random.Shared.Next(Last - First);

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = First + (Interlocked.Increment(ref s_next) - First) % (Last - First);
            try
            {
                using var l = new TcpListener(IPAddress.Any, port);
                l.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try the next one.
            }
        }
        throw new InvalidOperationException($"no free port between {First} and {Last}");
    }
}
