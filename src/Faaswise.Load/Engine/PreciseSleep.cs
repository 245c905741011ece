using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Faaswise.Load.Engine;

/// <summary>
/// Sleeps a dedicated thread until a <see cref="Stopwatch"/> timestamp with sub-millisecond precision.
/// On Linux it uses clock_nanosleep with the thread's timer slack cut to 1 ns (the default 50 µs slack would
/// delay every wake-up); elsewhere it sleeps to within 2 ms and yields for the rest.
/// </summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int PrSetTimerSlack = 29;
    private static readonly long MaxChunkTicks = Stopwatch.Frequency / 20;

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static unsafe partial int ClockNanosleep(int clock, int flags, Timespec* request, Timespec* remain);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    /// <summary>Lowers the calling thread's timer slack; call once on the pacing thread.</summary>
    public static void TuneCurrentThread()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc or musl: the default slack only costs precision.
            }
        }
    }

    /// <summary>
    /// Blocks until <paramref name="timestamp"/> or cancellation, waking at least every 50 ms to check it.
    /// Returns false when cancelled first.
    /// </summary>
    public static bool Until(long timestamp, CancellationToken cancellation)
    {
        while (true)
        {
            if (cancellation.IsCancellationRequested) return false;
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0) return true;
            Sleep(Math.Min(remaining, MaxChunkTicks));
        }
    }

    private static unsafe void Sleep(long ticks)
    {
        var ns = (long)(ticks * (1e9 / Stopwatch.Frequency));
        if (OperatingSystem.IsLinux())
        {
            var ts = Timespec.FromNanoseconds(ns);
            _ = ClockNanosleep(ClockMonotonic, 0, &ts, null);
            return;
        }

        if (ns > 2_000_000)
        {
            Thread.Sleep(TimeSpan.FromTicks((ns - 2_000_000) / 100));
        }
        else
        {
            Thread.Yield();
        }
    }
}
