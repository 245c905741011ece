using System.Net.Sockets;

namespace Faaswise.Load.Engine.EventLoop;

/// <summary>A request accepted by the event loop, waiting for or occupying a connection.</summary>
internal struct LoopRequest
{
    public int Target;
    public long Seq;
    public long Intended;   // Stopwatch timestamps
    public long Dispatched;
    public long Sent;       // 0 until the first byte is written
    public bool Retried;    // already re-sent once after a stale keep-alive connection closed
}

/// <summary>One TCP connection of the event loop and the request it carries.</summary>
internal sealed class LoopConnection(Socket socket, int slot, int target)
{
    public enum Phase { Connecting, Busy, Idle, Closed }

    public Socket Socket { get; } = socket;
    public int Fd { get; } = (int)socket.Handle;
    public int Slot { get; } = slot;
    public int Target { get; } = target;
    public Http1ResponseParser Parser { get; } = new();
    public Phase State;
    public LoopRequest Request;
    public int WriteOffset;
    public bool WantWrite;
    public bool Reused;
}
