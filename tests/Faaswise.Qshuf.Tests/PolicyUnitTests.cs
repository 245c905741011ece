using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;

namespace Faaswise.Qshuf.Tests;

/// <summary>Each component on hand-built snapshots of the memory-pressure cluster (2 GPUs of 24 GB, ES1's ten functions).</summary>
public class PolicyUnitTests
{
    private static readonly ClusterWorld World = Catalogues.Cluster("memory-pressure");
    private static readonly int Bert = World.FunctionIndex("bert");
    private static readonly int Resnet = World.FunctionIndex("resnet-50");
    private static readonly int Llama = World.FunctionIndex("llama2-7b");

    private static ReplicaSnapshot Up(string id, int function, int gpu, Residency residency = Residency.Gpu, bool ready = true) =>
        new(id, function, gpu, ReplicaPhase.Running, residency, ready);

    private static ClusterSnapshot Snapshot(params ReplicaSnapshot[] replicas) => new(World, 100, replicas);

    [Fact]
    public void RoundRobin_RotatesOverReadyReplicas_AndSkipsTheOthers()
    {
        var s = Snapshot(Up("b-0", Bert, 0), Up("b-1", Bert, 1, ready: false), Up("b-2", Bert, 1));
        var router = new RoundRobinRouter();
        var picks = Enumerable.Range(0, 4).Select(_ => router.Route(s, Bert, new DecisionList()).Replica!.Id).ToArray();
        Assert.Equal(["b-0", "b-2", "b-0", "b-2"], picks);
        Assert.True(router.Route(Snapshot(), Bert, new DecisionList()).Refused);
    }

    [Fact]
    public void SloAdmission_RefusesWhatCannotMeetItsSlo_WithAReason()
    {
        // bert: 60 ms per inference, SLO 300 ms; 10 queued ahead means about 660 ms
        var busy = Snapshot(Up("b-0", Bert, 0) with { Queued = 10 });
        var routed = new RoundRobinRouter().Route(busy, Bert, new DecisionList());
        var refused = new SloAdmission().Admit(busy, Bert, routed);
        Assert.True(refused.Refused);
        Assert.Contains("SLO admission", refused.Reason, StringComparison.Ordinal);

        var idle = Snapshot(Up("b-0", Bert, 0) with { Queued = 1 });
        Assert.False(new SloAdmission().Admit(idle, Bert, new RoundRobinRouter().Route(idle, Bert, new DecisionList())).Refused);
        Assert.Same(routed.Replica, new NoAdmission().Admit(busy, Bert, routed).Replica);
    }

    [Fact]
    public void QshufScaler_PromotesAReserve_WithToreadyThenTocuda_WhenTheQueueGrows()
    {
        var s = new ClusterSnapshot(World, 100,
            [Up("b-0", Bert, 0) with { Slot = 0 }, Up("b-1", Bert, 1, Residency.Host, ready: false) with { Reserve = true, Slot = 1 }],
            Enumerable.Range(0, World.Functions.Count).Select(f => f == Bert ? new FunctionObservation(Irate: 16, IrateCv: 1, Outstanding: 20) : new FunctionObservation()).ToArray());
        var decisions = new DecisionList();
        new QshufScaler(new QshufAutoscaler(), memoryAware: false).Scale(s, new QshufPlacement(4, false), decisions);

        Assert.Equal([DecisionKind.Ready, DecisionKind.Load], decisions.Where(d => d.Function == Bert).Select(d => d.Kind).ToArray());
        Assert.All(decisions, d => Assert.Equal("b-1", d.Replica));
        Assert.All(decisions, d => Assert.Contains("qshuf autoscaler", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void QshufPlacement_ContinuesItsPlanFromTheSlotLabels_AfterARestart()
    {
        var s = Snapshot(Up("b-0", Bert, 0) with { Slot = 0 }, Up("b-1", Bert, 1, Residency.Host, ready: false) with { Reserve = true, Slot = 1 });
        var start = new QshufPlacement(4, memoryAware: false).Place(s, Bert, reserve: true, new DecisionList(), "test")!;
        Assert.Equal(2, start.Slot);
        Assert.Equal(QshufPlacement.Plan(World.Functions.Count, 2, 4)[Bert][2].Gpu, start.Gpu);
        Assert.True(start.Reserve);
        Assert.False(start.OnGpu);
    }

    [Fact]
    public void QshufPlacement_APodArrivingAfterTheReserve_StillTakesTheActiveSlot_AndADrainingPodGivesItsSlotUp()
    {
        var plan = QshufPlacement.Plan(World.Functions.Count, 2, 4)[Bert];
        var placement = new QshufPlacement(4, memoryAware: false);
        var reserveFirst = Snapshot(Up("b-1", Bert, 1, Residency.Host, ready: false) with { Reserve = true, Slot = 1 });
        var active = placement.Place(reserveFirst, Bert, reserve: false, new DecisionList(), "test")!;
        Assert.Equal((0, plan[0].Gpu, true, false), (active.Slot, active.Gpu, active.OnGpu, active.Reserve));

        var draining = Snapshot(new ReplicaSnapshot("b-0", Bert, 0, ReplicaPhase.Draining, Residency.Gpu, false) { Slot = 0 });
        Assert.Equal(0, placement.Place(draining, Bert, reserve: false, new DecisionList(), "test")!.Slot);
        // A reserve never takes an active slot, free or not.
        Assert.Equal(1, placement.Place(Snapshot(), Bert, reserve: true, new DecisionList(), "test")!.Slot);
        // A plan with no reserve slot (no scale-up allowed) places the reserve in the next free slot rather than searching forever.
        Assert.Equal(0, new QshufPlacement(0, memoryAware: false).Place(Snapshot(), Bert, reserve: true, new DecisionList(), "test")!.Slot);
    }

    [Fact]
    public void QshufPlacement_MemoryAware_MovesAnActiveSlotToAGpuWithRoom()
    {
        // llama2-7b's first slot is GPU 0; fill GPU 0 with a llama copy so that another does not fit there
        var s = Snapshot(Up("l-9", Llama, 0));
        var aware = new QshufPlacement(4, memoryAware: true).Place(s, Llama, reserve: false, new DecisionList(), "test")!;
        Assert.Equal(1, aware.Gpu);
        Assert.True(aware.OnGpu);
        var artifact = new QshufPlacement(4, memoryAware: false).Place(s, Llama, reserve: false, new DecisionList(), "test")!;
        Assert.Equal(0, artifact.Gpu);
    }

    [Fact]
    public void RpsScaler_StartsOnTheGpuWithTheMostFreeMemory_WhenTheRateExceedsTarget()
    {
        var observed = Enumerable.Range(0, World.Functions.Count).Select(f => new FunctionObservation(Rate: f == Resnet ? 40 : 0)).ToArray();
        var s = new ClusterSnapshot(World, 100, [Up("r-0", Resnet, 0), Up("l-0", Llama, 0)], observed);
        var decisions = new DecisionList();
        new RpsScaler(0.7).Scale(s, new SpreadPlacement(), decisions);
        // 40 req/s x 70 ms / 0.7 = 4 replicas wanted, 1 live
        var starts = decisions.Where(d => d.Kind == DecisionKind.Start && d.Function == Resnet).ToList();
        Assert.Equal(3, starts.Count);
        Assert.Equal(1, starts[0].Gpu);
    }

    [Fact]
    public void LruSwapRouter_PrefersAnIdleResidentCopy_ElseOffloadsTheLeastRecentlyUsedToLoadOne()
    {
        var idle = Snapshot(Up("b-0", Bert, 0), Up("b-1", Bert, 1, Residency.Host));
        Assert.Equal("b-0", new LruSwapRouter().Route(idle, Bert, new DecisionList()).Replica!.Id);

        // GPU 0 full: a busy llama copy, two idle llama copies fit nowhere else; bert must load after an eviction
        var full = new ClusterSnapshot(World, 100,
        [
            Up("l-0", Llama, 0) with { Busy = 1, LastUsed = 99 },
            Up("o-0", World.FunctionIndex("opt-1dot3b"), 0) with { LastUsed = 10 },
            Up("w-0", World.FunctionIndex("whisper-v2"), 0) with { LastUsed = 50 },
            Up("b-0", Bert, 0, Residency.Host),
        ]);
        var decisions = new DecisionList();
        var route = new LruSwapRouter().Route(full, Bert, decisions);
        Assert.Equal("b-0", route.Replica!.Id);
        Assert.Equal(DecisionKind.Load, decisions[^1].Kind);
        if (decisions.Count > 1) Assert.Equal(("o-0", DecisionKind.Offload), (decisions[0].Replica, decisions[0].Kind));
    }

    [Fact]
    public void EarliestCompletionRouter_PicksTheShorterQueue_AndAPolicyDeletesFailedReplicas()
    {
        var s = Snapshot(Up("b-0", Bert, 0) with { Queued = 3 }, Up("b-1", Bert, 1) with { Queued = 1 },
            new ReplicaSnapshot("b-2", Bert, 1, ReplicaPhase.Failed, Residency.None, false) { LastFailure = "process crashed" });
        var policy = PolicyCatalog.Create("faaswise")!;
        var (route, side) = policy.Route(s, Bert);
        Assert.Equal("b-1", route.Replica!.Id);
        Assert.Empty(side);
        var control = policy.Control(s);
        Assert.Contains(control, d => d is { Kind: DecisionKind.Stop, Replica: "b-2" } && d.Reason.Contains("process crashed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_request_that_admission_refuses_keeps_the_load_it_asked_for_and_one_the_router_refuses_asks_for_none()
    {
        // llama2-7b in host memory, its GPU busy loading opt first: the wait, its own load (about 2.4 s) and its run
        // (0.6 s) miss its 3 s SLO
        var s = Snapshot(Up("l-0", Llama, 0, Residency.Host), Up("o-0", World.FunctionIndex("opt-1dot3b"), 0, Residency.Loading) with { OperationSince = 100 });
        var (route, side) = PolicyCatalog.Create("lru-swap", "slo")!.Route(s, Llama);
        Assert.True(route.Refused);
        Assert.Contains("SLO admission", route.Reason, StringComparison.Ordinal);
        Assert.Contains(side, d => d is { Kind: DecisionKind.Load, Replica: "l-0" });

        var (none, nothing) = PolicyCatalog.Create("lru-swap", "slo")!.Route(Snapshot(), Llama);
        Assert.True(none.Refused);
        Assert.Empty(nothing);
    }
}
