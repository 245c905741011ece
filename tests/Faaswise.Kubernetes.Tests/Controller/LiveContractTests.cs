using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.Contract;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>
/// The policy core's cluster contract on the live implementation: the controller applying a scripted policy's
/// decisions to the test cluster, with real runtime processes on an emulated GPU. A step runs once the effects of
/// the one before are observed (no replica starting, draining, moving or with readiness pending; nothing queued).
/// </summary>
public sealed class LiveContractTests : ClusterContract
{
    private static readonly string WorldYaml = """
        name: contract
        catalogue: qshuf-es1
        nodes:
          - { name: n1, cpu_cores: 16, host_memory_gb: 256, gpus: [{ uuid: GPU-c0c0-0001, memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }] }
        """;

    protected override ContractRun Run(IReadOnlyList<Action<IClusterSnapshot, DecisionList>> steps) => RunAsync(steps).GetAwaiter().GetResult();

    private static async Task<ContractRun> RunAsync(IReadOnlyList<Action<IClusterSnapshot, DecisionList>> steps)
    {
        Assert.Equal(World.Gpus.Count, Faaswise.Qshuf.World.Catalogues.Parse(WorldYaml).Gpus.Count);
        await using var f = await ControllerFixture.StartAsync(new NoPlacement(), WorldYaml, ["bert", "llama2-7b"], replicas: 0);
        ControllerFixture.Member? member = null;
        var script = new Script(steps, () => member?.Controller.Applier is { Pending: 0 });
        member = await f.StartControllerAsync("contract", () => new Policy("script", 0.5, script, script, new NoScaling(), new RoundRobinRouter(), new NoAdmission()), TimeSpan.FromMilliseconds(500));
        await f.Hook.Cluster.WaitUntilAsync(() => script.Seen.Count == steps.Count && member.Controller.Applier is { Pending: 0 }, TimeSpan.FromSeconds(150), () => "every step; " + f.Tail());
        var pods = f.Hook.Pods();
        var outcomes = member.Outcomes.Where(o => o.Source == "control").Select(o => (o.Kind, Replica: PodOf(o.Replica, pods), o.Refusal)).ToArray();
        return new ContractRun(script.Seen, outcomes);
    }

    private static string PodOf(string replica, List<System.Text.Json.Nodes.JsonObject> pods)
    {
        if (!replica.StartsWith("intent:", StringComparison.Ordinal)) return replica;
        var intent = replica["intent:".Length..];
        return pods.Select(p => p["metadata"]!).Where(m => m["annotations"]?[PodLabels.Intent]?.GetValue<string>() == intent).Select(m => m["name"]!.GetValue<string>()).FirstOrDefault() ?? replica;
    }

    private sealed class NoPlacement : IPlacement
    {
        public void Deploy(IClusterSnapshot cluster, DecisionList decisions)
        {
        }

        public void Maintain(IClusterSnapshot cluster, DecisionList decisions)
        {
        }

        public Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason) => null;
    }

    private sealed class Script(IReadOnlyList<Action<IClusterSnapshot, DecisionList>> steps, Func<bool> idle) : IPlacement, IScaler
    {
        private readonly List<ClusterSnapshot> _seen = [];

        public List<ClusterSnapshot> Seen
        {
            get
            {
                lock (_seen) return _seen.ToList();
            }
        }

        public void Deploy(IClusterSnapshot cluster, DecisionList decisions)
        {
        }

        public void Maintain(IClusterSnapshot cluster, DecisionList decisions)
        {
        }

        public Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason) => null;

        public void Scale(IClusterSnapshot cluster, IPlacement placement, DecisionList decisions)
        {
            lock (_seen)
            {
                if (_seen.Count >= steps.Count || !idle() || !Settled(cluster)) return;
                _seen.Add(ClusterSnapshot.Freeze(cluster));
                steps[_seen.Count - 1](cluster, decisions);
            }
        }

        private static bool Settled(IClusterSnapshot cluster) => Enumerable.Range(0, cluster.World.Functions.Count).SelectMany(cluster.ReplicasOf)
            .All(r => r.Phase == ReplicaPhase.Running && r.ReadyPending is null && r.Residency is not (Residency.Loading or Residency.Offloading));
    }
}
