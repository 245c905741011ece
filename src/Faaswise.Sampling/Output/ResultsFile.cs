using System.Globalization;

namespace Faaswise.Sampling.Output;

/// <summary>
/// A results CSV: DFaaS's columns by name (9 per function, then 10 for the node), then <c>start_time, end_time,
/// iteration, node_cores, node_memory_bytes, power_source</c>. Numbers as DFaaS wrote them (3 decimals; rates,
/// replicas, flags and latency in ns as integers); times are epoch seconds.
/// </summary>
public static class ResultsFile
{
    /// <summary>The header for a tuple.</summary>
    public static string Header(IReadOnlyList<string> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var columns = functions.SelectMany(f => new[]
        {
            $"function_{f}", $"rate_function_{f}", $"success_rate_function_{f}", $"cpu_usage_function_{f}", $"ram_usage_function_{f}",
            $"power_usage_function_{f}", $"replica_{f}", $"overloaded_function_{f}", $"medium_latency_function_{f}",
        }).Concat([
            "cpu_usage_idle_node", "cpu_usage_node", "ram_usage_idle_node", "ram_usage_node", "ram_usage_idle_node_percentage",
            "ram_usage_node_percentage", "power_usage_idle_node", "power_usage_node", "rest_seconds", "overloaded_node",
            "start_time", "end_time", "iteration", "node_cores", "node_memory_bytes", "power_source",
        ]);
        return string.Join(',', columns);
    }

    /// <summary>One row.</summary>
    public static string Format(ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var fields = row.Functions.SelectMany(f => new[]
        {
            f.Name, Int(f.Rate), F3(f.Success), F3(f.CpuPercent), F3(f.RamBytes), F3(f.PowerMicrowatts), Int(f.Replicas), Flag(f.Overloaded), Int(f.MeanLatencyNs),
        }).Concat([
            F3(row.Idle.CpuPercent), F3(row.Node.CpuPercent), F3(row.Idle.RamBytes), F3(row.Node.RamBytes), F3(row.Idle.RamPercent), F3(row.Node.RamPercent),
            F3(row.Idle.PowerMicrowatts), F3(row.Node.PowerMicrowatts), F3(row.RestSeconds), Flag(row.NodeOverloaded),
            Epoch(row.Start), Epoch(row.End), Int(row.Iteration), Int(row.NodeCores), F3(row.NodeMemoryBytes), row.PowerSource,
        ]);
        return string.Join(',', fields);
    }

    private static string F3(double value) => double.IsNaN(value) ? "nan" : value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Epoch(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
}
