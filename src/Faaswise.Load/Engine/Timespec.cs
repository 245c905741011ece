using System.Runtime.InteropServices;

namespace Faaswise.Load.Engine;

/// <summary>C's <c>struct timespec</c> on 64-bit Linux, for the few system calls the engines make directly.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;

    public static Timespec FromNanoseconds(long ns) => new() { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };

    public readonly long TotalNanoseconds => Seconds * 1_000_000_000 + Nanoseconds;
}
