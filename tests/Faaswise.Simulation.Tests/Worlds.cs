using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Tests;

/// <summary>Small worlds and observers for the simulator's tests.</summary>
internal static class Worlds
{
    /// <summary>One node, one GPU, one function whose model is always resident under pinned with one replica.</summary>
    public static ClusterWorld OneGpu(double execSeconds, double timeoutSeconds = 1e9, double timeoutFactor = 0, long gpuBytes = 100_000_000_000) => new(
        "one-gpu",
        [new NodeSpec("n", 64, 1_000_000_000_000, [new GpuSpec("GPU-0", "test", gpuBytes, 10e9, 10e9)])],
        [new ModelSpec("m", 1_000_000_000, execSeconds, execSeconds * 10, 1, GpuShare: 1)],
        [new FunctionSpec("f", 0, SloSeconds: execSeconds * 5, TimeoutSeconds: timeoutSeconds, CpuRequest: 1, MinReplicas: 1, MaxReplicas: 1, Workers: 1)],
        new RuntimeSpec(TimeoutFactor: timeoutFactor));
}

/// <summary>Keeps every record (small runs only) and the mean wait.</summary>
internal sealed class Recorder : ISimulationObserver
{
    public List<RequestRecord> Records { get; } = [];

    public bool Keep { get; init; } = true;

    public double WaitSum { get; private set; }

    public long Count { get; private set; }

    public double MeanWait => WaitSum / Count;

    public void OnRequest(in RequestRecord record)
    {
        Count++;
        WaitSum += record.QueueSeconds + record.LoadSeconds;
        if (Keep) Records.Add(record);
    }

    public void OnSecond(SecondSample sample)
    {
    }
}

/// <summary>Keeps every decision record.</summary>
internal sealed class DecisionRecorder : ISimulationObserver
{
    public List<DecisionRecord> Records { get; } = [];

    public void OnRequest(in RequestRecord record)
    {
    }

    public void OnSecond(SecondSample sample)
    {
    }

    public void OnDecision(in DecisionRecord record) => Records.Add(record);
}
