using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.World;

namespace Faaswise.Qshuf.Contract;

/// <summary>What a scripted run saw: a frozen snapshot at each step, and each decision's outcome (null refusal: applied).</summary>
public sealed record ContractRun(IReadOnlyList<ClusterSnapshot> Seen, IReadOnlyList<(string Kind, string Replica, string? Refusal)> Outcomes);

/// <summary>
/// The contract every cluster implementation keeps (the simulator now, the Kubernetes applier next): a script of steps,
/// one per control period, each reading the snapshot and returning decisions; the next step sees their effects.
/// </summary>
public abstract class ClusterContract
{
    /// <summary>Seconds between two steps: longer than a cold start plus the readiness delay.</summary>
    protected const double Period = 10;

    /// <summary>One node, one 24 GB GPU, QShuf's ES1 catalogue.</summary>
    protected static readonly ClusterWorld World = Catalogues.Parse("""
        name: contract
        catalogue: qshuf-es1
        nodes:
          - { name: n1, cpu_cores: 16, host_memory_gb: 256, gpus: [{ memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }] }
        """);

    private static readonly int Bert = World.FunctionIndex("bert");
    private static readonly int Llama = World.FunctionIndex("llama2-7b");

    /// <summary>Runs the steps against the implementation.</summary>
    protected abstract ContractRun Run(IReadOnlyList<Action<IClusterSnapshot, DecisionList>> steps);

    private static IReplicaView Only(ClusterSnapshot s, int function) => Assert.Single(s.ReplicasOf(function));

    [Fact]
    public void AStartedReplica_ComesUpResidentAndReady_UnderAStableId_HoldingItsMemory()
    {
        var run = Run([
            (s, d) => d.Start(s, Decision.Start(Bert, 0, onGpu: true, ready: true, reserve: false, "contract")),
            (_, _) => { },
        ]);
        var before = run.Seen[0];
        var after = run.Seen[1];
        var r = Only(after, Bert);
        Assert.Equal((ReplicaPhase.Running, Residency.Gpu, true), (r.Phase, r.Residency, r.Ready));
        Assert.Equal(run.Outcomes[0].Replica, r.Id);
        Assert.Equal(before.GpuFreeBytes(0) - World.GpuBytes(Bert), after.GpuFreeBytes(0));
        Assert.Null(run.Outcomes[0].Refusal);
    }

    [Fact]
    public void AStartThatDoesNotFit_IsRefusedWithAReason_AndNothingAppears()
    {
        var run = Run([
            (s, d) => d.Start(s, Decision.Start(Llama, 0, onGpu: true, ready: true, reserve: false, "first")),
            (s, d) => d.Add(Decision.Start(Llama, 0, onGpu: true, ready: true, reserve: false, "second")),
            (_, _) => { },
        ]);
        Assert.Null(run.Outcomes[0].Refusal);
        Assert.Contains("memory", run.Outcomes[1].Refusal, StringComparison.Ordinal);
        Assert.Single(run.Seen[2].ReplicasOf(Llama));
    }

    [Fact]
    public void OffloadThenLoad_MoveTheModel_AndTheMemory_ALoadOfAResidentModelIsRefused()
    {
        var run = Run([
            (s, d) => d.Start(s, Decision.Start(Bert, 0, onGpu: true, ready: true, reserve: false, "contract")),
            (s, d) => d.Offload(s, s.ReplicasOf(Bert)[0], "contract"),
            (s, d) => d.Load(s, s.ReplicasOf(Bert)[0], "contract"),
            (s, d) => d.Add(Decision.On(DecisionKind.Load, s.ReplicasOf(Bert)[0], "again")),
            (_, _) => { },
        ]);
        Assert.Equal(Residency.Host, Only(run.Seen[2], Bert).Residency);
        Assert.Equal(run.Seen[1].GpuFreeBytes(0) + run.Seen[1].GpuBytesFreedByOffload(Only(run.Seen[1], Bert)), run.Seen[2].GpuFreeBytes(0));
        Assert.Equal(Residency.Gpu, Only(run.Seen[3], Bert).Residency);
        Assert.Equal(run.Seen[1].GpuFreeBytes(0), run.Seen[3].GpuFreeBytes(0));
        Assert.NotNull(run.Outcomes[3].Refusal);
    }

    [Fact]
    public void NotReady_ShowsAsPendingThenTakesTheReplicaOutOfTheEndpoints_StopRemovesItAndFreesItsMemory()
    {
        var run = Run([
            (s, d) => d.Start(s, Decision.Start(Bert, 0, onGpu: true, ready: true, reserve: false, "contract")),
            (s, d) => d.Add(Decision.On(DecisionKind.NotReady, s.ReplicasOf(Bert)[0], "contract")),
            (s, d) => d.Add(Decision.On(DecisionKind.Stop, s.ReplicasOf(Bert)[0], "contract")),
            (_, _) => { },
        ]);
        Assert.False(Only(run.Seen[2], Bert).Ready);
        Assert.Empty(run.Seen[3].ReplicasOf(Bert));
        Assert.Equal(run.Seen[0].GpuFreeBytes(0), run.Seen[3].GpuFreeBytes(0));
        Assert.All(run.Outcomes, o => Assert.Null(o.Refusal));
    }
}
