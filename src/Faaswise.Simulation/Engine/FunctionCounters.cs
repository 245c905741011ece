namespace Faaswise.Simulation.Engine;

/// <summary>What happened to one function's replicas over a run.</summary>
public sealed class FunctionCounters
{
    /// <summary>Host-to-GPU loads started.</summary>
    public int Loads { get; internal set; }

    /// <summary>Their copy time, seconds.</summary>
    public double LoadSeconds { get; internal set; }

    /// <summary>GPU-to-host offloads started.</summary>
    public int Offloads { get; internal set; }

    /// <summary>Their copy time, seconds.</summary>
    public double OffloadSeconds { get; internal set; }

    /// <summary>Replicas started after deployment (process start and model read from disk).</summary>
    public int ColdStarts { get; internal set; }

    /// <summary>Seconds of replica life (created to exit or end of run).</summary>
    public double ReplicaSeconds { get; internal set; }

    /// <summary>Seconds of replica life spent holding GPU memory (per-second samples).</summary>
    public double GpuSeconds { get; internal set; }

    /// <summary>GPU memory held by its replicas, summed over per-second samples, byte-seconds.</summary>
    public double GpuByteSeconds { get; internal set; }

    /// <summary>Inference seconds on GPUs.</summary>
    public double GpuExecSeconds { get; internal set; }
}
