using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Faaswise.Load.Engine.EventLoop;

namespace Faaswise.Load.Tests.Engine;

public sealed class TimestampedReceiveTests
{
    [Fact]
    public async Task Receive_DataReadLate_StampedWithItsArrivalTime()
    {
        Assert.True(Epoll.IsSupported, "the event-loop engine and its kernel receive stamps need Linux x86-64");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var server = await listener.AcceptAsync();
        TimestampedReceive.Enable(client);
        await Task.Delay(100); // the kernel switches stamping on asynchronously

        await server.SendAsync("response"u8.ToArray());
        var sentAt = Stopwatch.GetTimestamp();
        await Task.Delay(200);
        var buffer = new byte[64];
        var n = TimestampedReceive.Receive((int)client.Handle, buffer, out var arrival, out var stamped, out var error);
        var readAt = Stopwatch.GetTimestamp();

        Assert.Equal("", error);
        Assert.Equal(8, n);
        Assert.True(stamped);
        var arrivedMs = Stopwatch.GetElapsedTime(sentAt, arrival).TotalMilliseconds;
        var readMs = Stopwatch.GetElapsedTime(sentAt, readAt).TotalMilliseconds;
        Assert.True(readMs >= 190, $"read {readMs} ms after the send");
        Assert.InRange(arrivedMs, -5, 20);
    }

    [Fact]
    public void Receive_NothingToRead_WouldBlock()
    {
        Assert.True(Epoll.IsSupported, "the event-loop engine needs Linux x86-64");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        client.Blocking = false;

        Assert.Equal(-1, TimestampedReceive.Receive((int)client.Handle, new byte[16], out _, out var stamped, out var error));
        Assert.False(stamped);
        Assert.Equal("", error);
    }
}
