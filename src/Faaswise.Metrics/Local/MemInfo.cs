using System.Globalization;

namespace Faaswise.Metrics.Local;

/// <summary>/proc/meminfo's figures DFaaS's queries use, in bytes.</summary>
public readonly record struct MemInfo(double Total, double Available, double Free, double Cached, double Buffers)
{
    /// <summary>Memory in use as node-exporter's query computes it: total minus available.</summary>
    public double Used => Total - Available;

    /// <summary>Percent not free, cached or buffers (DFaaS's ram_usage_node_percentage).</summary>
    public double UsedPercent => Total <= 0 ? 0 : 100 * (1 - (Free + Cached + Buffers) / Total);

    /// <summary>Parses /proc/meminfo text (kB values).</summary>
    public static MemInfo Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var parts = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var kb)) values[line[..colon]] = kb * 1024;
        }

        double Get(string key) => values.TryGetValue(key, out var v) ? v : throw new FormatException($"/proc/meminfo has no {key}");
        return new MemInfo(Get("MemTotal"), Get("MemAvailable"), Get("MemFree"), Get("Cached"), Get("Buffers"));
    }

    /// <summary>Reads /proc/meminfo now.</summary>
    public static MemInfo Read() => Parse(File.ReadAllText("/proc/meminfo"));
}
