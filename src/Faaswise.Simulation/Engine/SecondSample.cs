namespace Faaswise.Simulation.Engine;

/// <summary>The state of the cluster over one simulated second, per GPU and per function. Arrays are reused: copy what you keep.</summary>
public sealed class SecondSample(int gpus, int functions)
{
    /// <summary>End of the second, seconds.</summary>
    public double Time { get; internal set; }

    /// <summary>GPU memory held at the end of the second, bytes, per GPU.</summary>
    public long[] GpuMemoryBytes { get; } = new long[gpus];

    /// <summary>Fraction of the second each GPU ran at least one inference.</summary>
    public double[] GpuBusy { get; } = new double[gpus];

    /// <summary>Models resident on each GPU at the end of the second.</summary>
    public int[] GpuResidentModels { get; } = new int[gpus];

    /// <summary>Ready replicas per function.</summary>
    public int[] ReadyReplicas { get; } = new int[functions];

    /// <summary>Replicas per function (starting, running or draining).</summary>
    public int[] Replicas { get; } = new int[functions];

    /// <summary>Copies of each function's model on a GPU.</summary>
    public int[] ResidentCopies { get; } = new int[functions];

    /// <summary>GPU memory held by each function's replicas, bytes.</summary>
    public long[] FunctionGpuBytes { get; } = new long[functions];

    /// <summary>Arrivals per function during the second.</summary>
    public int[] Arrivals { get; } = new int[functions];

    /// <summary>Requests queued or running per function at the end of the second.</summary>
    public int[] Outstanding { get; } = new int[functions];
}
