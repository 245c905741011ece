using System.Globalization;

namespace Faaswise.Metrics.Local;

/// <summary>
/// Package energy from RAPL (<c>/sys/class/powercap/intel-rapl:N/energy_uj</c>, top-level domains only), with each
/// counter's wrap-around at <c>max_energy_range_uj</c> handled. Null when no domain is readable (VMs, no permission).
/// </summary>
public sealed class RaplReader
{
    private readonly (string Energy, double Range)[] domains;

    private RaplReader((string, double)[] domains) => this.domains = domains;

    /// <summary>A reader for the readable package domains under <paramref name="root"/>, or null.</summary>
    public static RaplReader? Open(string root = "/sys/class/powercap")
    {
        if (!Directory.Exists(root)) return null;
        var found = new List<(string, double)>();
        foreach (var dir in Directory.GetDirectories(root, "intel-rapl:*").Where(d => Path.GetFileName(d).Count(c => c == ':') == 1).Order(StringComparer.Ordinal))
        {
            try
            {
                var energy = Path.Combine(dir, "energy_uj");
                _ = double.Parse(File.ReadAllText(energy).Trim(), CultureInfo.InvariantCulture);
                var range = double.Parse(File.ReadAllText(Path.Combine(dir, "max_energy_range_uj")).Trim(), CultureInfo.InvariantCulture);
                found.Add((energy, range));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        return found.Count == 0 ? null : new RaplReader([.. found]);
    }

    /// <summary>Each domain's counter now, microjoules.</summary>
    public double[] Read() => domains.Select(d => double.Parse(File.ReadAllText(d.Energy).Trim(), CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Energy between two readings, microjoules, counting one wrap per domain.</summary>
    public double Between(double[] from, double[] to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var sum = 0.0;
        for (var i = 0; i < domains.Length; i++) sum += to[i] >= from[i] ? to[i] - from[i] : to[i] + domains[i].Range - from[i];
        return sum;
    }
}
