using System.Globalization;

namespace Faaswise.Metrics.Local;

/// <summary>
/// Per-function cumulative CPU seconds and current memory, read from a gateway's Prometheus text
/// (<c>container_cpu_usage_seconds_total</c> and <c>container_memory_usage_bytes</c> labelled
/// <c>container_label_io_kubernetes_container_name</c>, as <c>faaswise gateway</c> and cAdvisor write them), summed over replicas.
/// </summary>
public static class FunctionCounters
{
    private const string Cpu = "container_cpu_usage_seconds_total";
    private const string Memory = "container_memory_usage_bytes";
    private const string NameLabel = "container_label_io_kubernetes_container_name=\"";

    /// <summary>Function name to (CPU seconds, memory bytes).</summary>
    public static Dictionary<string, (double CpuSeconds, double RamBytes)> Parse(string exposition)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var result = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            var isCpu = line.StartsWith(Cpu + "{", StringComparison.Ordinal);
            if (!isCpu && !line.StartsWith(Memory + "{", StringComparison.Ordinal)) continue;
            var at = line.IndexOf(NameLabel, StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            if (at < 0 || close < 0) continue;
            var nameStart = at + NameLabel.Length;
            var name = line[nameStart..line.IndexOf('"', nameStart)];
            var valueText = line[(close + 1)..].Trim().Split(' ')[0];
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            result.TryGetValue(name, out var sums);
            result[name] = isCpu ? (sums.Item1 + value, sums.Item2) : (sums.Item1, sums.Item2 + value);
        }

        return result;
    }
}
