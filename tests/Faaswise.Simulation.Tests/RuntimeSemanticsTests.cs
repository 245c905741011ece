using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Tests;

public class RuntimeSemanticsTests
{
    private static List<RequestRecord> Run(ClusterWorld world, params double[] offsets)
    {
        var workload = new Workload("replay", null, 20, 0, [new FunctionTrace("f", 0, offsets)]);
        var recorder = new Recorder();
        new Simulator(world, workload, PolicyCatalog.Create("pinned")!, recorder, new SimulationOptions(CheckInvariants: true)).Run();
        return [.. recorder.Records.OrderBy(r => r.Arrival)];
    }

    [Fact]
    public void FifoQueue_TimeoutsAndEarlyDrops_FollowQshufsRuntime()
    {
        // exec 1 s, timeout 2.5 s, early drop when the time left is below the mean of the last 3 completions
        var records = Run(Worlds.OneGpu(1, timeoutSeconds: 2.5, timeoutFactor: 1), 0, 0.001, 0.002, 0.003, 10, 10.001, 10.002, 10.003, 10.004);

        Assert.Equal([200, 200, 408, 408, 200, 429, 429, 429, 429], records.Select(r => r.Status).ToArray());
        Assert.Equal(1.0, records[0].End, 9);
        Assert.Equal(2.0, records[1].End, 9);
        Assert.Equal(0.999, records[1].QueueSeconds, 9);
        // ran from 2 s to 3 s but the client gave up at its deadline
        Assert.Equal(2.0, records[2].Start, 9);
        Assert.Equal(2.502, records[2].End, 9);
        Assert.Equal(1.0, records[2].ExecSeconds, 9);
        // expired in the queue: never ran, answered at its deadline
        Assert.True(double.IsNaN(records[3].Start));
        Assert.Equal(2.503, records[3].End, 9);
        Assert.Equal(11.0, records[4].End, 9);
        Assert.All(records.Skip(5), r => Assert.Equal(11.0, r.End, 9));
        Assert.All(records.Where(r => !double.IsNaN(r.Start)), r => Assert.True(r.OnGpu));
    }

    [Fact]
    public void ModelThatFitsNoGpu_IsRefused503()
    {
        var records = Run(Worlds.OneGpu(0.1, gpuBytes: 1_000_000_000), 0, 1, 2);
        Assert.All(records, r => Assert.Equal(RequestStatus.Refused, r.Status));
        Assert.All(records, r => Assert.Equal(-1, r.Replica));
    }

    [Fact]
    public void ConcurrentInferences_SlowEachOther_WhenTheirSharesExceedTheGpu()
    {
        // two replicas on one GPU, each inference takes 0.6 of it: the second to start runs 1.2 x longer
        var world = new ClusterWorld("shared", [new NodeSpec("n", 8, 100_000_000_000, [new GpuSpec("GPU-0", "t", 40_000_000_000, 10e9, 10e9)])],
            [new ModelSpec("m", 1_000_000_000, 1, 10, 1, GpuShare: 0.6)],
            [new FunctionSpec("f", 0, 10, 100, 1, MinReplicas: 2, MaxReplicas: 2, Workers: 1)], new RuntimeSpec());
        var records = Run(world, 0, 0.5, 5);

        Assert.Equal(1.0, records[0].ExecSeconds, 9);
        Assert.Equal(1.2, records[1].ExecSeconds, 9);
        Assert.Equal(1.0, records[2].ExecSeconds, 9);
        Assert.NotEqual(records[0].Replica, records[1].Replica);
    }
}
