using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Output;

/// <summary>Per simulated second: gpus.csv (memory, busy fraction, resident models per GPU) and functions.csv (replicas, copies, arrivals, queue per function).</summary>
public sealed class TimeSeriesCsv : ISimulationObserver, IDisposable
{
    /// <summary>Columns of gpus.csv.</summary>
    public const string GpuHeader = "time_s,gpu,uuid,memory_used_gb,memory_total_gb,busy_fraction,resident_models";

    /// <summary>Columns of functions.csv.</summary>
    public const string FunctionHeader = "time_s,function,ready_replicas,replicas,resident_copies,gpu_memory_gb,arrivals,outstanding";

    private readonly CsvLineWriter _gpus;
    private readonly CsvLineWriter _functions;
    private readonly ClusterWorld _world;

    /// <summary>Creates both files in a folder.</summary>
    public TimeSeriesCsv(string folder, ClusterWorld world)
    {
        _world = world ?? throw new ArgumentNullException(nameof(world));
        _gpus = new CsvLineWriter(Path.Combine(folder, "gpus.csv"), GpuHeader);
        _functions = new CsvLineWriter(Path.Combine(folder, "functions.csv"), FunctionHeader);
    }

    /// <inheritdoc />
    public void OnRequest(in RequestRecord record)
    {
    }

    /// <inheritdoc />
    public void OnSecond(SecondSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        for (var g = 0; g < sample.GpuBusy.Length; g++)
        {
            var spec = _world.Gpus[g];
            _gpus.Number(sample.Time, 3).Comma().Number(g).Comma().Text(spec.Uuid).Comma()
                .Number(sample.GpuMemoryBytes[g] / 1e9, 3).Comma().Number(spec.MemoryBytes / 1e9, 3).Comma()
                .Number(sample.GpuBusy[g], 4).Comma().Number(sample.GpuResidentModels[g]).EndLine();
        }

        for (var f = 0; f < sample.Replicas.Length; f++)
        {
            _functions.Number(sample.Time, 3).Comma().Text(_world.Functions[f].Name).Comma()
                .Number(sample.ReadyReplicas[f]).Comma().Number(sample.Replicas[f]).Comma().Number(sample.ResidentCopies[f]).Comma()
                .Number(sample.FunctionGpuBytes[f] / 1e9, 3).Comma().Number(sample.Arrivals[f]).Comma().Number(sample.Outstanding[f]).EndLine();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gpus.Dispose();
        _functions.Dispose();
    }
}
