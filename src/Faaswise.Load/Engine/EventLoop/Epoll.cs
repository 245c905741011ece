using System.Runtime.InteropServices;

namespace Faaswise.Load.Engine.EventLoop;

/// <summary>
/// The few epoll calls the event loop needs (Linux x86-64, where <c>struct epoll_event</c> is packed to
/// 12 bytes). <c>epoll_pwait2</c> takes a nanosecond timeout (Linux 5.11, glibc 2.35); without it the wait
/// rounds down to whole milliseconds and spins the rest.
/// </summary>
internal static unsafe partial class Epoll
{
    public const uint In = 0x001;
    public const uint Out = 0x004;
    public const uint Err = 0x008;
    public const uint Hup = 0x010;
    public const uint RdHup = 0x2000;
    private const int CtlAdd = 1;
    private const int CtlDel = 2;
    private const int CtlMod = 3;
    private const int CloExec = 0x80000;
    private const int EIntr = 4;

    private static bool s_noPwait2;

    [StructLayout(LayoutKind.Explicit, Size = 12)]
    public struct Event
    {
        [FieldOffset(0)] public uint Events;
        [FieldOffset(4)] public ulong Data;
    }

    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int Create1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int Ctl(int epfd, int op, int fd, Event* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int Wait(int epfd, Event* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "epoll_pwait2", SetLastError = true)]
    private static partial int Pwait2(int epfd, Event* events, int maxEvents, Timespec* timeout, nint sigmask);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public static int Create()
    {
        var fd = Create1(CloExec);
        return fd >= 0 ? fd : throw new IOException($"epoll_create1 failed (errno {Marshal.GetLastPInvokeError()})");
    }

    public static void Add(int epfd, int fd, uint events, ulong data) => Control(epfd, CtlAdd, fd, events, data);

    public static void Modify(int epfd, int fd, uint events, ulong data) => Control(epfd, CtlMod, fd, events, data);

    public static void Remove(int epfd, int fd)
    {
        var ev = default(Event);
        _ = Ctl(epfd, CtlDel, fd, &ev);
    }

    /// <summary>Waits up to <paramref name="timeoutNs"/> (negative: forever); returns the number of events.</summary>
    public static int Wait(int epfd, Span<Event> events, long timeoutNs)
    {
        fixed (Event* p = events)
        {
            int n;
            if (!s_noPwait2)
            {
                try
                {
                    var ts = Timespec.FromNanoseconds(timeoutNs);
                    n = Pwait2(epfd, p, events.Length, timeoutNs < 0 ? null : &ts, 0);
                }
                catch (EntryPointNotFoundException)
                {
                    s_noPwait2 = true;
                    n = Wait(epfd, p, events.Length, timeoutNs < 0 ? -1 : (int)(timeoutNs / 1_000_000));
                }
            }
            else
            {
                n = Wait(epfd, p, events.Length, timeoutNs < 0 ? -1 : (int)(timeoutNs / 1_000_000));
            }

            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) return 0;
                if (errno == 38 /* ENOSYS: kernel before 5.11 */ && !s_noPwait2)
                {
                    s_noPwait2 = true;
                    return 0;
                }

                throw new IOException($"epoll_wait failed (errno {errno})");
            }

            return n;
        }
    }

    private static void Control(int epfd, int op, int fd, uint events, ulong data)
    {
        var ev = new Event { Events = events, Data = data };
        if (Ctl(epfd, op, fd, &ev) != 0)
        {
            throw new IOException($"epoll_ctl failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
