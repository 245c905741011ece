using System.Globalization;

namespace Faaswise.Metrics.Queries;

/// <summary>
/// DFaaS's PromQL (reference §2), with its two fixes: a function's memory is summed over its replicas, and the PID
/// list of a power query has no trailing <c>|</c>. A <see cref="QueryScope"/> narrows every query to one node and the
/// functions' namespace, with the label names of a standalone cAdvisor or of the kubelet; <see cref="Dfaas"/> gives
/// DFaaS's strings exactly. Window arguments are Prometheus durations (<c>30s</c>).
/// </summary>
public sealed class QueryCatalog(QueryScope scope)
{
    /// <summary>DFaaS's queries, unscoped.</summary>
    public static QueryCatalog Dfaas { get; } = new(QueryScope.Dfaas);

    /// <summary>The series these queries read.</summary>
    public QueryScope Scope { get; } = scope ?? throw new ArgumentNullException(nameof(scope));

    private string NodeBraces => Scope.Node.InBraces;

    /// <summary>The node's cores (idle CPU series).</summary>
    public string NodeCores => $"count(node_cpu_seconds_total{{mode=\"idle\"{Scope.Node.AfterComma}}})";

    /// <summary>The node's memory, bytes.</summary>
    public string NodeMemoryTotal => $"sum(node_memory_MemTotal_bytes{NodeBraces})";

    /// <summary>Node power now (Scaphandre), microwatts: the idle baseline, and the test for Scaphandre's presence.</summary>
    public string NodePowerInstant => $"scaph_host_power_microwatts{NodeBraces}";

    /// <summary>Kepler's platform energy counter, the test for Kepler's presence.</summary>
    public string KeplerNodeInstant => $"kepler_node_platform_joules_total{NodeBraces}";

    /// <summary>Node CPU, percent of one core (0..100 x cores).</summary>
    public string NodeCpu(string window) => $"100 * sum(1 - rate(node_cpu_seconds_total{{mode=\"idle\"{Scope.Node.AfterComma}}}[{window}]))";

    /// <summary>Node memory in use (total minus available), bytes.</summary>
    public string NodeRam(string window) =>
        $"avg(avg_over_time(node_memory_MemTotal_bytes{NodeBraces}[{window}]) - avg_over_time(node_memory_MemAvailable_bytes{NodeBraces}[{window}]))";

    /// <summary>Node memory in use (not free, cached or buffers), percent.</summary>
    public string NodeRamPercent(string window) =>
        $"100 * avg(1 - ((avg_over_time(node_memory_MemFree_bytes{NodeBraces}[{window}]) + avg_over_time(node_memory_Cached_bytes{NodeBraces}[{window}]) + " +
        $"avg_over_time(node_memory_Buffers_bytes{NodeBraces}[{window}])) / avg_over_time(node_memory_MemTotal_bytes{NodeBraces}[{window}])))";

    /// <summary>Node power over a window (Scaphandre), microwatts.</summary>
    public string NodePower(string window) => $"avg_over_time(scaph_host_power_microwatts{NodeBraces}[{window}])";

    /// <summary>A function's memory, bytes, summed over its replicas (DFaaS read only the first series: one replica).</summary>
    public string FunctionRam(string function, string window) => $"sum(avg_over_time(container_memory_usage_bytes{{{Container(function, ", ")}}}[{window}]))";

    /// <summary>DFaaS's function memory query as it was: the caller took only the first series.</summary>
    public string FunctionRamDfaas(string function, string window) => $"avg_over_time(container_memory_usage_bytes{{{Container(function, ", ")}}}[{window}])";

    /// <summary>A function's CPU, percent of one core, over all its replicas.</summary>
    public string FunctionCpu(string function, string window) => $"100 * sum(rate(container_cpu_usage_seconds_total{{{Container(function, ",")}}}[{window}]))";

    /// <summary>The power of a function's processes (Scaphandre), microwatts; the PID list has no trailing <c>|</c>.</summary>
    public string FunctionPower(IEnumerable<int> pids, string window) =>
        $"sum(avg_over_time(scaph_process_power_consumption_microwatts{{pid=~\"{string.Join('|', pids.Select(p => p.ToString(CultureInfo.InvariantCulture)))}\"{Scope.Node.AfterComma}}}[{window}]))";

    /// <summary>Node power from Kepler's platform energy counter, microwatts.</summary>
    public string KeplerNodePower(string window) => $"1000000 * sum(rate(kepler_node_platform_joules_total{NodeBraces}[{window}]))";

    /// <summary>A function's power from Kepler's per-container energy counter, microwatts.</summary>
    public string KeplerFunctionPower(string function, string window)
    {
        var (name, ns) = Scope.Function(function);
        var namespaced = ns is null ? "" : $",container_namespace=\"{LabelMatchers.Escape(ns)}\"";
        return $"1000000 * sum(rate(kepler_container_joules_total{{container_name=\"{LabelMatchers.Escape(name)}\"{namespaced}{Scope.Containers.AfterComma}}}[{window}]))";
    }

    /// <summary>Every query of a window, by the dataset column it fills; <c>&lt;function&gt;</c> stands for each function.</summary>
    public IReadOnlyDictionary<string, string> ForManifest(string window) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cpu_usage_node"] = NodeCpu(window),
        ["ram_usage_node"] = NodeRam(window),
        ["ram_usage_node_percentage"] = NodeRamPercent(window),
        ["power_usage_node"] = NodePower(window),
        ["cpu_usage_function"] = FunctionCpu("<function>", window),
        ["ram_usage_function"] = FunctionRam("<function>", window),
    };

    /// <summary>A window in Prometheus's duration syntax, whole seconds.</summary>
    public static string Window(TimeSpan span) => ((long)Math.Max(1, Math.Round(span.TotalSeconds))).ToString(CultureInfo.InvariantCulture) + "s";

    private string Container(string function, string separator)
    {
        var (name, ns) = Scope.Function(function);
        var matchers = Scope.Labels switch
        {
            ContainerLabels.Kubelet => LabelMatchers.Equal("container", name).And(ns is null ? LabelMatchers.None : LabelMatchers.Equal("namespace", ns)),
            _ => LabelMatchers.Equal("container_label_io_kubernetes_container_name", name)
                .And(ns is null ? LabelMatchers.None : LabelMatchers.Equal("container_label_io_kubernetes_pod_namespace", ns)),
        };
        var prefix = Scope.Labels == ContainerLabels.Cadvisor ? "id=~\"^/kubepods.*\"" + separator : "";
        return prefix + matchers.And(Scope.Containers);
    }
}
