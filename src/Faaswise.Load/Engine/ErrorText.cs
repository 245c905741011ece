using System.Net.Sockets;

namespace Faaswise.Load.Engine;

/// <summary>Short, stable error strings, so that an error set groups identical failures.</summary>
internal static class ErrorText
{
    public static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
            {
                return "socket: " + s.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset by peer",
                    SocketError.HostNotFound or SocketError.NoData => "host not found",
                    SocketError.TimedOut => "connect timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
                    _ => s.Message,
                };
            }
        }

        return e.Message;
    }
}
