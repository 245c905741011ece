using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.Contract;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Tests.Contract;

/// <summary>The contract on the simulator: each step is a control period of a scripted policy.</summary>
public sealed class SimulatorContractTests : ClusterContract
{
    protected override ContractRun Run(IReadOnlyList<Action<IClusterSnapshot, DecisionList>> steps)
    {
        var script = new Script(steps);
        var policy = new Policy("script", Period, script, script, new NoScaling(), new RoundRobinRouter(), new NoAdmission());
        // one request after the last step keeps the run going until then
        var workload = new Workload("keepalive", null, steps.Count * Period, 1, [new FunctionTrace("resnet-18", 0, [(steps.Count * Period) + 1])]);
        var decisions = new DecisionRecorder();
        new Simulator(World, workload, policy, decisions, new SimulationOptions(CheckInvariants: true)).Run();
        return new ContractRun(script.Seen, decisions.Records.Where(r => r.Source == "control").Select(r => (r.Kind, r.Replica, r.Refusal)).ToArray());
    }

    private sealed class Script(IReadOnlyList<Action<IClusterSnapshot, DecisionList>> steps) : IPlacement, IScaler
    {
        public List<ClusterSnapshot> Seen { get; } = [];

        public void Deploy(IClusterSnapshot cluster, DecisionList decisions)
        {
        }

        public void Maintain(IClusterSnapshot cluster, DecisionList decisions)
        {
        }

        public Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason) => null;

        public void Scale(IClusterSnapshot cluster, IPlacement placement, DecisionList decisions)
        {
            if (Seen.Count >= steps.Count) return;
            Seen.Add(ClusterSnapshot.Freeze(cluster));
            steps[Seen.Count - 1](cluster, decisions);
        }
    }
}
