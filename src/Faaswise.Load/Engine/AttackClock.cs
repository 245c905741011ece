using System.Diagnostics;

namespace Faaswise.Load.Engine;

/// <summary>
/// Maps schedule offsets and <see cref="Stopwatch"/> timestamps of one attack to Unix epoch nanoseconds.
/// Durations come from the monotonic clock; the wall clock is read once, at the start, as a label.
/// </summary>
internal readonly struct AttackClock
{
    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;
    private static readonly double TicksPerTimeSpanTick = Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond;

    private AttackClock(long startTimestamp, long startEpochNs)
    {
        StartTimestamp = startTimestamp;
        StartEpochNs = startEpochNs;
    }

    public long StartTimestamp { get; }

    public long StartEpochNs { get; }

    public static AttackClock StartNow() =>
        new(Stopwatch.GetTimestamp(), (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100);

    public static long Now() => Stopwatch.GetTimestamp();

    public static long TicksOf(TimeSpan span) => (long)(span.Ticks * TicksPerTimeSpanTick);

    public static long NanosecondsOf(long ticks) => (long)(ticks * NsPerTick);

    /// <summary>The timestamp at which a send with this schedule offset is due.</summary>
    public long Due(TimeSpan offset) => StartTimestamp + TicksOf(offset);

    public long ToEpochNs(long timestamp) => StartEpochNs + NanosecondsOf(timestamp - StartTimestamp);
}
