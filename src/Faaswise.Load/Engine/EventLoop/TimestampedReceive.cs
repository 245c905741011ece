using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Faaswise.Load.Engine.EventLoop;

/// <summary>
/// Receives with <c>recvmsg</c> on a socket with <c>SO_TIMESTAMPNS</c> on, so the kernel says when the last
/// packet read arrived. The event loop can then collect responses after it wakes for the next send, instead
/// of waking for each response, and still record exact completion times. The kernel's stamp is wall-clock
/// time; it is mapped onto the monotonic clock through both clocks read at the moment of the receive, so
/// wall-clock steps between runs do not matter. Linux x86-64 layouts.
/// </summary>
internal static unsafe partial class TimestampedReceive
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;
    private const int ClockRealtime = 0;
    private const int EAgain = 11;
    private static readonly double TicksPerNs = Stopwatch.Frequency / 1e9;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, Timespec* time);

    /// <summary>Asks the kernel to stamp arrivals on this socket.</summary>
    public static void Enable(Socket socket)
    {
        Span<byte> on = stackalloc byte[4];
        BitConverter.TryWriteBytes(on, 1);
        socket.SetRawSocketOption(SolSocket, SoTimestampNs, on);
    }

    /// <summary>
    /// Reads into <paramref name="buffer"/>. Returns the byte count (0 at end of stream), or -1 with
    /// <paramref name="error"/> set ("" for would-block). <paramref name="arrival"/> is the
    /// <see cref="Stopwatch"/> timestamp at which the last packet read arrived, or now when the kernel gave no
    /// stamp (<paramref name="stamped"/> false): the kernel switches stamping on asynchronously, so the first
    /// packets after the first socket asks for it can come unstamped.
    /// </summary>
    public static int Receive(int fd, Span<byte> buffer, out long arrival, out bool stamped, out string error)
    {
        const int ControlBytes = 64;
        var control = stackalloc byte[ControlBytes];
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var message = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlBytes };
            var n = RecvMsg(fd, &message, 0);
            var now = Stopwatch.GetTimestamp();
            arrival = now;
            stamped = false;
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                error = errno == EAgain ? "" : "socket: " + Marshal.GetPInvokeErrorMessage(errno).ToLowerInvariant();
                return -1;
            }

            error = "";
            if (n > 0 && TryReadStamp(control, (int)message.ControlLength, out var stampNs))
            {
                stamped = true;
                Timespec real;
                _ = ClockGetTime(ClockRealtime, &real);
                var ageNs = real.TotalNanoseconds - stampNs;
                if (ageNs > 0) arrival = now - (long)(ageNs * TicksPerNs);
            }

            return (int)n;
        }
    }

    private static bool TryReadStamp(byte* control, int length, out long stampNs)
    {
        // struct cmsghdr { size_t len; int level; int type; } followed by the data, 8-byte aligned.
        for (var offset = 0; offset + 16 <= length;)
        {
            var cmsgLength = (int)*(ulong*)(control + offset);
            var level = *(int*)(control + offset + 8);
            var type = *(int*)(control + offset + 12);
            if (level == SolSocket && type == SoTimestampNs && cmsgLength >= 32)
            {
                var ts = (Timespec*)(control + offset + 16);
                stampNs = ts->TotalNanoseconds;
                return true;
            }

            if (cmsgLength < 16) break;
            offset += (cmsgLength + 7) & ~7;
        }

        stampNs = 0;
        return false;
    }
}
