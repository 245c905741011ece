using System.Globalization;

namespace Faaswise.Metrics.Local;

/// <summary>The machine's cumulative CPU time from the first line of /proc/stat, in clock ticks.</summary>
/// <param name="Busy">Ticks not idle and not waiting for I/O.</param>
/// <param name="Total">All ticks.</param>
public readonly record struct CpuTimes(double Busy, double Total)
{
    /// <summary>Parses the aggregate <c>cpu</c> line of /proc/stat text.</summary>
    public static CpuTimes Parse(string procStat)
    {
        ArgumentNullException.ThrowIfNull(procStat);
        var line = procStat.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            ?? throw new FormatException("no aggregate cpu line in /proc/stat");
        var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
        var total = v.Take(8).Sum();
        return new CpuTimes(total - v[3] - v[4], total);
    }

    /// <summary>Reads /proc/stat now.</summary>
    public static CpuTimes Read() => Parse(File.ReadAllText("/proc/stat"));

    /// <summary>CPU between two readings, percent of one core.</summary>
    public static double Percent(CpuTimes from, CpuTimes to, int cores)
    {
        var total = to.Total - from.Total;
        return total <= 0 ? 0 : (to.Busy - from.Busy) / total * 100 * cores;
    }
}
