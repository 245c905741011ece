using System.Globalization;
using System.Runtime.InteropServices;

namespace Faaswise.LocalFaas.Replicas;

/// <summary>One process's accounting from <c>/proc/[pid]/stat</c>.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="ParentPid">Parent process id.</param>
/// <param name="CpuTicks">utime + stime + cutime + cstime: its own CPU and that of the children it has reaped, in clock ticks.</param>
/// <param name="RssPages">Resident set size in pages.</param>
internal readonly record struct ProcStat(int Pid, int ParentPid, long CpuTicks, long RssPages)
{
    public static readonly double TicksPerSecond = ReadTicksPerSecond();

    /// <summary>Parses a stat line; null when it is not one (a process that vanished mid-read).</summary>
    public static ProcStat? Parse(string line)
    {
        var close = line.LastIndexOf(')');
        if (close < 0) return null;
        var f = line[(close + 2)..].Split(' ');
        if (f.Length < 22) return null;
        static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
        return new ProcStat(int.Parse(line.AsSpan(0, line.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture),
            (int)L(f[1]), L(f[11]) + L(f[12]) + L(f[13]) + L(f[14]), L(f[21]));
    }

    /// <summary>Every readable process now.</summary>
    public static IReadOnlyList<ProcStat> ReadAll()
    {
        var all = new List<ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            try
            {
                if (Parse(File.ReadAllText(Path.Combine(dir, "stat"))) is { } s) all.Add(s);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended between the listing and the read.
            }
        }

        return all;
    }

    private static double ReadTicksPerSecond()
    {
        const int ScClkTck = 2;
        try
        {
            var ticks = Sysconf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long Sysconf(int name);
}
