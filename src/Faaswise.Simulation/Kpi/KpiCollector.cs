using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Kpi;

/// <summary>Accumulates a run's KPIs in memory that does not grow with the number of requests.</summary>
public sealed class KpiCollector(ClusterWorld world) : ISimulationObserver
{
    private readonly IReadOnlyList<FunctionSpec> _functions = world.Functions;

    /// <summary>Per function.</summary>
    public IReadOnlyList<FunctionKpis> Functions { get; } = world.Functions.Select(_ => new FunctionKpis()).ToArray();

    /// <summary>All functions together.</summary>
    public FunctionKpis All { get; } = new();

    /// <summary>Seconds sampled.</summary>
    public int Samples { get; private set; }

    /// <summary>GPU memory held over all GPUs, summed over the per-second samples, byte-seconds.</summary>
    public double GpuByteSeconds { get; private set; }

    /// <summary>Per second: time, GPU memory used per GPU (GB). Kept for the memory-over-time figure (one row per simulated second).</summary>
    public List<(double Time, double[] GpuGb)> GpuMemory { get; } = [];

    /// <inheritdoc />
    public void OnRequest(in RequestRecord record)
    {
        var function = _functions[record.Function];
        Functions[record.Function].Add(record, function);
        All.Add(record, function);
    }

    /// <inheritdoc />
    public void OnSecond(SecondSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Samples++;
        GpuByteSeconds += sample.GpuMemoryBytes.Sum();
        GpuMemory.Add((sample.Time, sample.GpuMemoryBytes.Select(b => b / 1e9).ToArray()));
    }
}
