using System.Net;
using System.Net.Sockets;

namespace HermesX.Deploy.Tests.Scripts;

/// <summary>Holds loopback ports with listening sockets, as another program on the machine would.</summary>
public sealed class TakenPorts : IDisposable
{
    private readonly List<Socket> _sockets = [];

    public TakenPorts(params int[] ports)
    {
        foreach (var port in ports)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                socket.Listen();
                _sockets.Add(socket);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Another program holds it already, which is just as good.
                socket.Dispose();
                Assert.True(IsListening(port), $"port {port} is bound by another program but does not accept connections");
            }
        }
    }

    public static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }
}
