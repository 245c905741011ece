using System.Text.Json.Serialization;
using Faaswise.Modeling.Datasets;

namespace Faaswise.Modeling.Forecasting;

/// <summary>One predicted quantity: the node's CPU, RAM or power, or a group's (or function's) usage or latency.</summary>
/// <param name="Name">Column name (<c>cpu_usage_node</c>, <c>cpu_usage_HIGH_USAGE</c>, <c>cpu_usage_function_figlet</c>, ...).</param>
/// <param name="Unit">Unit.</param>
/// <param name="Kind">What it measures.</param>
/// <param name="Functions">For group or function targets: the functions aggregated.</param>
public sealed record Target(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("kind")] TargetKind Kind,
    [property: JsonPropertyName("functions")] IReadOnlyList<string> Functions)
{
    /// <summary>The node targets, named as the DFaaS agent reads them.</summary>
    public static IReadOnlyList<Target> Node { get; } =
    [
        new("cpu_usage_node", "percent of one core", TargetKind.NodeCpu, []),
        new("ram_usage_node", "bytes", TargetKind.NodeRam, []),
        new("power_usage_node", "microwatts", TargetKind.NodePower, []),
    ];

    /// <summary>The usage and latency targets of a group (<paramref name="suffix"/> <c>HIGH_USAGE</c>) or function (<c>function_figlet</c>).</summary>
    public static IEnumerable<Target> Usage(string suffix, IReadOnlyList<string> functions) =>
    [
        new($"cpu_usage_{suffix}", "percent of one core", TargetKind.Cpu, functions),
        new($"ram_usage_{suffix}", "bytes", TargetKind.Ram, functions),
        new($"power_usage_{suffix}", "microwatts", TargetKind.Power, functions),
        new($"medium_latency_{suffix}", "nanoseconds", TargetKind.Latency, functions),
    ];

    /// <summary>True for node targets, which have an idle baseline to be predicted relative to.</summary>
    [JsonIgnore]
    public bool IsNode => Kind is TargetKind.NodeCpu or TargetKind.NodeRam or TargetKind.NodePower;

    /// <summary>The idle baseline the target sits on (node targets), else 0.</summary>
    public double BaselineOf(SampleRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Kind switch
        {
            TargetKind.NodeCpu => row.Measured.CpuIdle,
            TargetKind.NodeRam => row.Measured.RamIdle,
            TargetKind.NodePower => row.Measured.PowerIdle,
            _ => 0,
        };
    }

    /// <summary>The measured value in a row (DFaaS's aggregation: sums, latency the mean of non-zero latencies).</summary>
    public double ValueOf(SampleRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        switch (Kind)
        {
            case TargetKind.NodeCpu: return row.Measured.Cpu;
            case TargetKind.NodeRam: return row.Measured.Ram;
            case TargetKind.NodePower: return row.Measured.Power;
        }

        double sum = 0, latencies = 0;
        var loaded = 0;
        foreach (var f in row.Functions)
        {
            if (!Functions.Contains(f.Name)) continue;
            sum += Kind switch { TargetKind.Cpu => f.CpuUsage, TargetKind.Ram => f.RamUsage, TargetKind.Power => f.PowerUsage, _ => 0 };
            if (f.MeanLatencyNs != 0)
            {
                latencies += f.MeanLatencyNs;
                loaded++;
            }
        }

        return Kind == TargetKind.Latency ? (loaded == 0 ? 0 : latencies / loaded) : sum;
    }
}
