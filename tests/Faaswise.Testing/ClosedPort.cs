using System.Net;
using System.Net.Sockets;

namespace Faaswise.Testing;

/// <summary>A loopback port with nothing listening: bind, read the port, close.</summary>
public static class ClosedPort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
