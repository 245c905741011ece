using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.Policies;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>
/// Model shuffling on the test cluster: one GPU that holds either function's model but not both, swapping on
/// demand (lru-swap): a request of the function whose model is in host memory loads it, offloading the other first.
/// </summary>
public sealed class ShufflingOnClusterTests
{
    private const string WorldYaml = """
        name: tight
        catalogue: qshuf-es1
        nodes:
          - { name: node-a, cpu_cores: 8, host_memory_gb: 64, gpus: [{ uuid: GPU-aaaa-0001, product: L4-3GB, memory_gb: 3.2, h2d_gbps: 5.7, d2h_gbps: 2.1 }] }
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AlternatingRequests_SwapTheModels_NeverOverfillingTheGpu_AndEveryRequestIsServed()
    {
        await using var f = await ControllerFixture.StartAsync(PolicyCatalog.Create("lru-swap")!.Placement, WorldYaml, ["bert", "labse"], replicas: 0);
        var world = f.Hook.World;
        Assert.True(world.GpuBytes(world.FunctionIndex("bert")) + world.GpuBytes(world.FunctionIndex("labse")) > world.Gpus[0].MemoryBytes);
        var m = await f.StartControllerAsync("controller-a", () => PolicyCatalog.Create("lru-swap")!);
        await f.Hook.Cluster.WaitUntilAsync(() => m.Controller.Cluster.Snapshot().ReplicasOn(0) is { Count: 2 } on && on.All(r => r.Ready && r.Phase == Faaswise.Qshuf.Control.ReplicaPhase.Running),
            Patience, () => "the controller seeing a ready process per function on the GPU; " + f.Tail());

        var overfilled = 0L;
        using var watch = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!watch.IsCancellationRequested)
            {
                // A load may be decided while the offload that makes its room is under way: what is free once the offloads end never goes below zero.
                var snapshot = m.Controller.Cluster.Snapshot();
                var coming = snapshot.GpuFreeBytes(0) + snapshot.GpuReleasingBytes(0);
                if (coming < 0) Interlocked.Exchange(ref overfilled, -coming);
                await Task.Delay(20);
            }
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new List<int>();
        foreach (var function in (string[])["labse", "bert", "labse", "bert"])
        {
            using var answer = await http.PostAsync(new Uri(m.Router, $"function/{function}"), new ByteArrayContent([]));
            statuses.Add((int)answer.StatusCode);
            var said = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()} {string.Join(",", answer.Headers.Select(h => h.Key + "=" + string.Join(" ", h.Value)))}";
            await f.Hook.Cluster.WaitUntilAsync(() => m.Controller.Applier is { Pending: 0 } && Resident(m) == function, Patience, () => $"{function} resident (the router answered {said}); " + f.Tail());
        }

        await watch.CancelAsync();
        await watching;
        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(0, Interlocked.Read(ref overfilled));
        var moves = m.Outcomes.Where(o => o.Refusal is null && o.Kind is "load" or "offload").Select(o => $"{o.Kind} {world.Functions[o.Function].Name}").ToList();
        Assert.Equal(["load labse", "offload labse", "load bert", "offload bert", "load labse", "offload labse", "load bert"], moves);
        Assert.All(m.Outcomes.Where(o => o.Kind is "load" or "offload"), o => Assert.Equal("route", o.Source));
    }

    private static string? Resident(ControllerFixture.Member m)
    {
        var snapshot = m.Controller.Cluster.Snapshot();
        var resident = snapshot.ReplicasOn(0).Where(r => r.Residency == Faaswise.Qshuf.Control.Residency.Gpu).ToList();
        return resident.Count == 1 ? snapshot.World.Functions[resident[0].Function].Name : null;
    }
}
