using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Faaswise.Load.Engine;

/// <summary>
/// A minimal HTTP/1.1 keep-alive responder on 127.0.0.1 that answers every request with 200 and a two-byte
/// body. Used only to warm the engine up; it reads request heads and ignores bodies (warm-up sends none).
/// </summary>
internal sealed class LoopbackResponder : IDisposable
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok");
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    private LoopbackResponder()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/warm-up");
        _ = AcceptAsync();
    }

    public Uri Url { get; }

    public static LoopbackResponder Start() => new();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(token).ConfigureAwait(false);
                _ = ServeAsync(socket, token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task ServeAsync(Socket socket, CancellationToken token)
    {
        using (socket)
        {
            var buffer = new byte[8192];
            var matched = 0;
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, token).ConfigureAwait(false);
                    if (n == 0) return;
                    for (var i = 0; i < n; i++)
                    {
                        // Count "\r\n\r\n" terminators: one per request head.
                        matched = buffer[i] == (matched % 2 == 0 ? (byte)'\r' : (byte)'\n') ? matched + 1 : (buffer[i] == '\r' ? 1 : 0);
                        if (matched == 4)
                        {
                            matched = 0;
                            await socket.SendAsync(Response, token).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
