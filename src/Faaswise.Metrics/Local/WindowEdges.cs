namespace Faaswise.Metrics.Local;

/// <summary>
/// The two readings a window's counters are differenced between. Normally the first and last inside the window; when
/// those are bunched (the collector stalled or the machine was paused, so they span less than the window minus two
/// intervals, or /proc/stat did not advance between them), the nearest readings on either side of it, so that a
/// stall never reads as an idle machine.
/// </summary>
internal static class WindowEdges
{
    /// <summary>
    /// Picks the edges among <paramref name="readings"/> (in time order) for the window from <paramref name="start"/> to
    /// <paramref name="end"/>, whose readings <paramref name="inside"/> are at least two.
    /// </summary>
    public static (LocalSample First, LocalSample Last) Pick(IReadOnlyList<LocalSample> readings, IReadOnlyList<LocalSample> inside, DateTimeOffset start, DateTimeOffset end, TimeSpan interval)
    {
        var first = inside[0];
        var last = inside[^1];
        if (Advanced(first, last) && last.Time - first.Time >= end - start - 2 * interval) return (first, last);

        first = readings.LastOrDefault(s => s.Time < start) ?? first;
        last = readings.FirstOrDefault(s => s.Time > end) ?? last;
        if (!Advanced(first, last))
        {
            throw new MetricsException($"the machine's CPU counters (/proc/stat) did not advance between the local collector's readings at {first.Time:HH:mm:ss.fff} and {last.Time:HH:mm:ss.fff} UTC: the machine was paused or the collector stalled over the window");
        }

        return (first, last);
    }

    /// <summary>Whether the machine's CPU time moved on between two readings.</summary>
    public static bool Advanced(LocalSample first, LocalSample last) => last.Cpu.Total > first.Cpu.Total;
}
