using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Tests.Webhook;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Microsoft.Extensions.Time.Testing;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>The live view on hand-made pods: what the informer, the runtimes and the assume cache make of them.</summary>
public sealed class LiveClusterTests
{
    private static readonly Faaswise.Qshuf.World.ClusterWorld World = Reviews.World();
    private static readonly int Bert = World.FunctionIndex("bert");

    [Fact]
    public void APod_IsAReplica_WithItsGpuSlotReserveAndNotes_AndHoldsItsModelsMemoryWhileStartingOnTheGpu()
    {
        var (cluster, _) = Live();
        cluster.Observe(Pod("bert-1", "GPU-aaaa-0002", cuda: true, reserve: true, phase: "Pending", slot: 2, note: ("faaswise.io/scale-down-since", "12.5")));

        var r = Assert.Single(cluster.Snapshot().ReplicasOf(Bert));

        Assert.Equal(("bert-1", 1, ReplicaPhase.Starting, Residency.Loading, true, 2), (r.Id, r.Gpu, r.Phase, r.Residency, r.Reserve, r.Slot));
        Assert.Equal("12.5", r.Annotations["faaswise.io/scale-down-since"]);
        Assert.Equal(World.Gpus[1].MemoryBytes - World.GpuBytes(Bert), cluster.Snapshot().GpuFreeBytes(1));
    }

    [Fact]
    public void AnAssumedLoad_ShowsAsLoadingUntilSettled_ThenTheRuntimesReportHolds_AndAnOffloadedProcessKeepsItsContext()
    {
        var (cluster, clock) = Live();
        cluster.Observe(Pod("bert-1", "GPU-aaaa-0001", cuda: false, reserve: false, phase: "Running", ready: true));
        var replica = cluster.Snapshot().Replica("bert-1")!;

        var load = Decision.On(DecisionKind.Load, replica, "test");
        cluster.Assume(load);
        Assert.Equal(Residency.Loading, cluster.Snapshot().Replica("bert-1")!.Residency);
        cluster.Report("bert-1", new RuntimeState(Residency.Host, true, 0, cluster.Now - 1));
        Assert.Equal(Residency.Loading, cluster.Snapshot().Replica("bert-1")!.Residency);
        clock.Advance(TimeSpan.FromSeconds(2));
        cluster.Settle(load, new RuntimeState(Residency.Gpu, true, 1, cluster.Now), null);
        Assert.Equal(Residency.Gpu, cluster.Snapshot().Replica("bert-1")!.Residency);

        cluster.Assume(Decision.On(DecisionKind.Offload, replica, "abandoned"));
        clock.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal(Residency.Gpu, cluster.Snapshot().Replica("bert-1")!.Residency);

        var offload = Decision.On(DecisionKind.Offload, replica, "test");
        cluster.Assume(offload);
        Assert.Equal(Residency.Offloading, cluster.Snapshot().Replica("bert-1")!.Residency);
        cluster.Settle(offload, new RuntimeState(Residency.Host, true, 0, cluster.Now), null);
        var after = cluster.Snapshot();
        Assert.Equal(Residency.Host, after.Replica("bert-1")!.Residency);
        Assert.Equal(World.GpuBytes(Bert) - World.Runtime.ContextBytes, after.GpuBytesToLoad(after.Replica("bert-1")!));
    }

    [Fact]
    public void AStartsIntent_IsAStartingReplicaUntilAPodTakesIt_AndExpires()
    {
        var (cluster, clock) = Live();
        var start = Decision.Start(Bert, 0, onGpu: true, ready: true, reserve: false, "test", slot: 3);
        cluster.AssumeIntent(PlacementIntent.Of(World, start, "bert-9", cluster.Now, 60), Bert);

        var placeholder = Assert.Single(cluster.Snapshot().ReplicasOf(Bert));
        Assert.Equal(("intent:bert-9", ReplicaPhase.Starting, Residency.Loading, 3, true), (placeholder.Id, placeholder.Phase, placeholder.Residency, placeholder.Slot, placeholder.ReadyPending));

        cluster.Observe(Pod("bert-abc", "GPU-aaaa-0001", cuda: true, reserve: false, phase: "Running", intent: "bert-9"));
        var taken = Assert.Single(cluster.Snapshot().ReplicasOf(Bert));
        Assert.Equal(("bert-abc", true), (taken.Id, taken.ReadyPending));

        cluster.AssumeIntent(PlacementIntent.Of(World, start, "bert-10", cluster.Now, 60), Bert);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.DoesNotContain(cluster.Snapshot().ReplicasOf(Bert), r => r.Id == "intent:bert-10");
    }

    [Fact]
    public void ReadinessAsked_IsPendingUntilTheEndpointsShowIt_AndAStopIsDrainingUntilThePodGoes()
    {
        var (cluster, _) = Live();
        cluster.Observe(Pod("bert-1", "GPU-aaaa-0001", cuda: true, reserve: true, phase: "Running", ready: false));
        var replica = cluster.Snapshot().Replica("bert-1")!;

        cluster.Assume(Decision.On(DecisionKind.Ready, replica, "test"));
        Assert.True(cluster.Snapshot().Replica("bert-1")!.ReadyPending);
        cluster.Observe(Pod("bert-1", "GPU-aaaa-0001", cuda: true, reserve: true, phase: "Running", ready: true));
        Assert.Null(cluster.Snapshot().Replica("bert-1")!.ReadyPending);

        cluster.Assume(Decision.On(DecisionKind.Stop, replica, "test"));
        Assert.Equal(ReplicaPhase.Draining, cluster.Snapshot().Replica("bert-1")!.Phase);
        cluster.Forget(Pod("bert-1", "GPU-aaaa-0001", cuda: true, reserve: true, phase: "Running"));
        Assert.Empty(cluster.Snapshot().ReplicasOf(Bert));
    }

    [Fact]
    public void TheRoutersInFlightRequests_AreTheReplicasQueue_AndTheFunctionsOutstanding()
    {
        var (cluster, _) = Live();
        cluster.Observe(Pod("bert-1", "GPU-aaaa-0001", cuda: true, reserve: false, phase: "Running", ready: true));
        for (var i = 0; i < 3; i++) cluster.Routed("bert-1", +1);
        cluster.Routed("bert-1", -1);

        var snapshot = cluster.Snapshot();
        var r = snapshot.Replica("bert-1")!;
        Assert.Equal((1, 1, 2), (r.Busy, r.Queued, snapshot.Outstanding(Bert)));
    }

    [Fact]
    public void ARelist_ForgetsPodsThatAreGone()
    {
        var (cluster, _) = Live();
        cluster.Observe(Pod("bert-1", "GPU-aaaa-0001", cuda: true, reserve: false, phase: "Running"));
        cluster.Observe(Pod("bert-2", "GPU-aaaa-0001", cuda: true, reserve: false, phase: "Running"));

        cluster.Reset([Pod("bert-2", "GPU-aaaa-0001", cuda: true, reserve: false, phase: "Running")]);

        Assert.Equal(["bert-2"], cluster.Snapshot().ReplicasOf(Bert).Select(r => r.Id));
    }

    private static (LiveCluster Cluster, FakeTimeProvider Clock) Live()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        return (new LiveCluster(World, clock), clock);
    }

    internal static JsonObject Pod(string name, string gpu, bool cuda, bool reserve, string phase, bool ready = false, int slot = -1, (string Key, string Value)? note = null, string? intent = null, string? node = null)
    {
        var pod = Reviews.Pod("bert");
        var meta = pod["metadata"]!.AsObject();
        meta.Remove("generateName");
        meta["name"] = name;
        meta["uid"] = "uid-" + name;
        meta["creationTimestamp"] = "2026-12-03T00:00:00Z";
        meta["labels"]![PodLabels.InferDevice] = cuda ? "cuda" : "cpu";
        meta["labels"]![PodLabels.Reserve] = reserve ? "True" : "False";
        if (slot >= 0) meta["labels"]![PodLabels.Slot] = slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
        meta["annotations"]![PodLabels.Gpu] = gpu;
        if (note is { } n) meta["annotations"]![n.Key] = n.Value;
        if (intent is not null) meta["annotations"]![PodLabels.Intent] = intent;
        if (node is not null) pod["spec"]!["nodeName"] = node;
        pod["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"] = "1";
        pod["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["podIP"] = "127.0.0.9",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False", ["lastTransitionTime"] = "2026-12-03T00:00:01Z" }),
        };
        return pod;
    }
}
