using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;

namespace Faaswise.Qshuf.Tests;

/// <summary>Expected residency of queued model moves, and the copy plan that the moves serve, on hand-built snapshots of the memory-pressure cluster.</summary>
public class TransferTimelineTests
{
    private const double Now = 100;
    private static readonly ClusterWorld World = Catalogues.Cluster("memory-pressure");
    private static readonly int Llama = World.FunctionIndex("llama2-7b");
    private static readonly int Opt = World.FunctionIndex("opt-1dot3b");
    private static readonly int Whisper = World.FunctionIndex("whisper-v2");
    private static readonly int Vgg = World.FunctionIndex("vggnet-11");
    private static readonly int Bert = World.FunctionIndex("bert");

    private static ReplicaSnapshot Up(string id, int function, int gpu, Residency residency = Residency.Gpu, double since = double.NaN) =>
        new(id, function, gpu, ReplicaPhase.Running, residency, true) { OperationSince = since };

    [Fact]
    public void A_load_asked_behind_another_on_the_same_gpu_waits_for_the_copy_engine()
    {
        var s = new ClusterSnapshot(World, Now, [Up("l-0", Llama, 0, Residency.Loading, since: 99), Up("v-0", Vgg, 0, Residency.Loading, since: 99.5)]);
        var llama = TransferTimeline.ResidentIn(s, s.Replica("l-0")!);
        var vgg = TransferTimeline.ResidentIn(s, s.Replica("v-0")!);

        Assert.Equal(99 + World.LoadSeconds(Llama, 0) - Now, llama, 6);
        Assert.Equal(llama + World.LoadSeconds(Vgg, 0), vgg, 6);
        // alone it would be ready at its own request time plus one transfer
        var alone = new ClusterSnapshot(World, Now, [Up("v-0", Vgg, 0, Residency.Loading, since: 99.5)]);
        Assert.Equal(Math.Max(0, 99.5 + World.LoadSeconds(Vgg, 0) - Now), TransferTimeline.ResidentIn(alone, alone.Replica("v-0")!), 6);
    }

    [Fact]
    public void A_load_that_needs_memory_waits_for_the_offload_that_frees_it()
    {
        // GPU 0: llama and whisper resident, opt on its way out, bert on its way in; without opt's memory bert does not fit
        var s = new ClusterSnapshot(World, Now,
        [
            Up("l-0", Llama, 0), Up("w-0", Whisper, 0), Up("o-0", Opt, 0, Residency.Offloading, since: Now), Up("b-0", Bert, 0, Residency.Loading, since: Now),
        ]);
        Assert.True(s.GpuFreeBytes(0) < 0, "the scenario needs the offload's memory");
        var bert = TransferTimeline.ResidentIn(s, s.Replica("b-0")!);
        Assert.Equal(World.OffloadSeconds(Opt, 0) + World.LoadSeconds(Bert, 0), bert, 6);
    }

    [Fact]
    public void A_load_asked_now_comes_after_the_moves_already_asked_and_after_an_eviction_when_one_is_needed()
    {
        var s = new ClusterSnapshot(World, Now, [Up("l-0", Llama, 1, Residency.Loading, since: Now), Up("b-0", Bert, 1, Residency.Host)]);
        var queued = TransferTimeline.ResidentIn(s, s.Replica("b-0")!);
        Assert.Equal(World.LoadSeconds(Llama, 1) + World.LoadSeconds(Bert, 1), queued, 6);
        var evicting = TransferTimeline.ResidentIn(s, s.Replica("b-0")!, evictionSeconds: 3);
        Assert.Equal(Math.Max(World.LoadSeconds(Llama, 1), 3) + World.LoadSeconds(Bert, 1), evicting, 6);
        Assert.Equal(0, TransferTimeline.ResidentIn(s, Up("b-1", Bert, 0)));
    }

    [Fact]
    public void The_router_prefers_a_queue_on_a_resident_copy_to_a_copy_whose_load_waits_behind_a_large_one()
    {
        // vgg on GPU 0 has 4 requests ahead (about 0.45 s); the vgg copy on GPU 1 is loading behind llama's 2.8 s load
        var s = new ClusterSnapshot(World, Now,
        [
            Up("v-0", Vgg, 0) with { Queued = 3, Busy = 1 },
            Up("l-1", Llama, 1, Residency.Loading, since: 99.9),
            Up("v-1", Vgg, 1, Residency.Loading, since: 99.95),
        ]);
        var route = PolicyCatalog.Create("faaswise")!.Route(s, Vgg).Route;
        Assert.Equal("v-0", route.Replica!.Id);
        Assert.True(route.ExpectedSeconds < World.LoadSeconds(Llama, 1), route.ExpectedSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_copy_plan_gives_a_copy_needed_to_keep_up_room_before_copies_for_headroom()
    {
        var s = new ClusterSnapshot(World, Now, []);
        var functions = World.Functions.Count;
        var wanted = new int[functions];
        var rates = new double[functions];
        // llama (16 GB, the highest rate, placed first) fills GPU 0 but for 8 GB, the other first copies go to GPU 1; whisper at 5 req/s (260 ms
        // each) cannot keep up with one copy, the small models at 2 req/s can; their second copies have more requests
        // per byte, and together with whisper's they do not fit into GPU 0's 8 GB
        for (var f = 0; f < functions; f++)
        {
            wanted[f] = 2;
            rates[f] = 2;
        }

        wanted[Llama] = wanted[Opt] = 1;
        rates[Llama] = 10;
        rates[Opt] = 1;
        rates[Whisper] = 5;
        var plan = CopyPlan.Make(s, wanted, rates, perGpu: 1);

        for (var f = 0; f < functions; f++)
        {
            for (var g = 0; g < World.Gpus.Count; g++) Assert.InRange(plan[f, g], 0, 1);
        }

        Assert.True(2 == plan[Whisper, 0] + plan[Whisper, 1], string.Join("; ", Enumerable.Range(0, functions).Select(f => $"{World.Functions[f].Name} {World.GpuBytes(f) / 1e9:0.00} GB: {plan[f, 0]}/{plan[f, 1]}")));
        var used = Enumerable.Range(0, 2).Select(g => Enumerable.Range(0, functions).Sum(f => plan[f, g] * World.GpuBytes(f))).ToArray();
        Assert.All(used, u => Assert.True(u <= 24e9, $"{u / 1e9:0.0} GB planned on a 24 GB GPU"));
    }

    [Fact]
    public void The_copy_plan_keeps_a_resident_copy_against_a_slightly_better_one_that_would_have_to_move_in()
    {
        // llama (16 GB) and labse (2.67 GB) leave 5.3 GB on GPU 0; whisper and opt have a copy on GPU 1, opt a second
        // one on GPU 0. Whisper's second copy (to GPU 0) adds a little more per byte than opt's resident one, but not
        // twice as much, and there is room for only one of them: opt's stays.
        var labse = World.FunctionIndex("labse");
        var s = new ClusterSnapshot(World, Now,
        [
            new ReplicaSnapshot("l-0", labse, 0, ReplicaPhase.Running, Residency.Gpu, true),
            new ReplicaSnapshot("w-1", Whisper, 1, ReplicaPhase.Running, Residency.Gpu, true),
            new ReplicaSnapshot("o-0", Opt, 0, ReplicaPhase.Running, Residency.Gpu, true),
            new ReplicaSnapshot("o-1", Opt, 1, ReplicaPhase.Running, Residency.Gpu, true),
        ]);
        var functions = World.Functions.Count;
        var wanted = new int[functions];
        var rates = new double[functions];
        wanted[Llama] = wanted[labse] = 1;
        rates[Llama] = 100;
        rates[labse] = 50;
        wanted[Whisper] = wanted[Opt] = 2;
        // whisper: 4.07 GB, 3.85 req/s per copy; opt: 3.54 GB, 3.33 req/s per copy; both need a second copy
        rates[Whisper] = 3.85 + 0.45;
        rates[Opt] = 3.33 + 0.35;
        var plan = CopyPlan.Make(s, wanted, rates, perGpu: 1);
        Assert.Equal(2, plan[Opt, 0] + plan[Opt, 1]);
        Assert.Equal(1, plan[Whisper, 0] + plan[Whisper, 1]);
    }
}
