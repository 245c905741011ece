using System.Globalization;

namespace Faaswise.Metrics.Queries;

/// <summary>
/// DFaaS's PromQL (reference §2), with its two fixes: a function's memory is summed over its replicas, and the PID
/// list of a power query has no trailing <c>|</c>. Window arguments are Prometheus durations (<c>30s</c>).
/// </summary>
public static class QueryCatalog
{
    /// <summary>Node CPU, percent of one core (0..100 x cores).</summary>
    public static string NodeCpu(string window) => $"100 * sum(1 - rate(node_cpu_seconds_total{{mode=\"idle\"}}[{window}]))";

    /// <summary>Node memory in use (total minus available), bytes.</summary>
    public static string NodeRam(string window) =>
        $"avg(avg_over_time(node_memory_MemTotal_bytes[{window}]) - avg_over_time(node_memory_MemAvailable_bytes[{window}]))";

    /// <summary>Node memory in use (not free, cached or buffers), percent.</summary>
    public static string NodeRamPercent(string window) =>
        $"100 * avg(1 - ((avg_over_time(node_memory_MemFree_bytes[{window}]) + avg_over_time(node_memory_Cached_bytes[{window}]) + " +
        $"avg_over_time(node_memory_Buffers_bytes[{window}])) / avg_over_time(node_memory_MemTotal_bytes[{window}])))";

    /// <summary>Node power over a window (Scaphandre), microwatts.</summary>
    public static string NodePower(string window) => $"avg_over_time(scaph_host_power_microwatts[{window}])";

    /// <summary>Node power now (Scaphandre), microwatts: the idle baseline.</summary>
    public const string NodePowerInstant = "scaph_host_power_microwatts";

    /// <summary>A function's memory, bytes, summed over its replicas (DFaaS read only the first series: one replica).</summary>
    public static string FunctionRam(string function, string window) =>
        $"sum(avg_over_time(container_memory_usage_bytes{{id=~\"^/kubepods.*\", container_label_io_kubernetes_container_name=\"{Label(function)}\"}}[{window}]))";

    /// <summary>DFaaS's function memory query as it was: the caller took only the first series.</summary>
    public static string FunctionRamDfaas(string function, string window) =>
        $"avg_over_time(container_memory_usage_bytes{{id=~\"^/kubepods.*\", container_label_io_kubernetes_container_name=\"{Label(function)}\"}}[{window}])";

    /// <summary>A function's CPU, percent of one core, over all its replicas.</summary>
    public static string FunctionCpu(string function, string window) =>
        $"100 * sum(rate(container_cpu_usage_seconds_total{{id=~\"^/kubepods.*\",container_label_io_kubernetes_container_name=\"{Label(function)}\"}}[{window}]))";

    /// <summary>The power of a function's processes (Scaphandre), microwatts; the PID list has no trailing <c>|</c>.</summary>
    public static string FunctionPower(IEnumerable<int> pids, string window) =>
        $"sum(avg_over_time(scaph_process_power_consumption_microwatts{{pid=~\"{string.Join('|', pids.Select(p => p.ToString(CultureInfo.InvariantCulture)))}\"}}[{window}]))";

    /// <summary>Node power from Kepler's platform energy counter, microwatts.</summary>
    public static string KeplerNodePower(string window) => $"1000000 * sum(rate(kepler_node_platform_joules_total[{window}]))";

    /// <summary>A function's power from Kepler's per-container energy counter, microwatts.</summary>
    public static string KeplerFunctionPower(string function, string window) =>
        $"1000000 * sum(rate(kepler_container_joules_total{{container_name=\"{Label(function)}\"}}[{window}]))";

    /// <summary>A window in Prometheus's duration syntax, whole seconds.</summary>
    public static string Window(TimeSpan span) => ((long)Math.Max(1, Math.Round(span.TotalSeconds))).ToString(CultureInfo.InvariantCulture) + "s";

    private static string Label(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
