using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;
using Faaswise.Simulation.Output;

namespace Faaswise.Simulation.Tests;

/// <summary>Every policy on shortened ES1 runs, with the invariants checked after every event.</summary>
public class PolicyRunTests
{
    private static readonly ClusterWorld Pressure = Catalogues.Cluster("memory-pressure");

    public static TheoryData<string, double> PolicyAndCv()
    {
        var data = new TheoryData<string, double>();
        foreach (var p in PolicyCatalog.Names)
        {
            data.Add(p, 1);
            data.Add(p, 8);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PolicyAndCv))]
    public void EveryRequestEndsOnce_MemoryStaysWithinCapacity_LoadsEndResident(string policy, double cv)
    {
        var workload = WorkloadGenerators.Es1(cv, 60, seed: 3);
        var recorder = new Recorder();
        var simulator = new Simulator(Pressure, workload, PolicyCatalog.Create(policy)!, recorder, new SimulationOptions(CheckInvariants: true));
        simulator.Run();

        Assert.Equal(workload.Requests, simulator.Requests);
        Assert.Equal(workload.Requests, recorder.Records.Count);
        foreach (var trace in workload.Functions)
        {
            var f = Pressure.FunctionIndex(trace.Function);
            Assert.Equal(trace.Offsets.Count, recorder.Records.Count(r => r.Function == f));
        }

        Assert.Equal(simulator.Loads.Started, simulator.Loads.Resident);
        Assert.All(recorder.Records, r =>
        {
            Assert.Contains(r.Status, RequestStatus.All);
            Assert.True(r.End >= r.Arrival);
            Assert.True(r.Status != 200 || r.End <= r.Arrival + Pressure.Functions[r.Function].TimeoutSeconds + 1e-9);
        });
    }

    [Fact]
    public void SameSeed_SameSummary_OtherSeed_OtherSummary()
    {
        string Summary(int seed)
        {
            var spec = new SweepSpec(Pressure, ["qshuf", "faaswise"], [WorkloadGenerators.Es1(2, 60, seed)], null);
            return SummaryCsv.Format(Sweep.Run(spec).SelectMany(r => r.Rows));
        }

        Assert.Equal(Summary(5), Summary(5));
        Assert.NotEqual(Summary(5), Summary(6));
    }

    [Fact]
    public void Qshuf_PromotesReservesWithTocuda_AndReplenishesThemWithColdStarts()
    {
        var simulator = Run("qshuf", 1, out _);
        Assert.True(simulator.Counters.Sum(c => c.Loads) > 0);
        Assert.True(simulator.Counters.Sum(c => c.ColdStarts) > 0);
        Assert.Equal(0, simulator.Counters.Sum(c => c.Offloads));
    }

    [Fact]
    public void LruSwap_LoadsOnDemand_AndOffloadsToMakeRoom_ColdStartingOnlyToReplaceContextHolders()
    {
        var decisions = new DecisionRecorder();
        var simulator = new Simulator(Pressure, WorkloadGenerators.Es1(1, 240, seed: 1), PolicyCatalog.Create("lru-swap")!, decisions);
        simulator.Run();
        Assert.True(simulator.Counters.Sum(c => c.Loads) > 10);
        Assert.True(simulator.Counters.Sum(c => c.Offloads) > 0);
        var stops = decisions.Records.Where(d => d.Kind == "stop").ToList();
        Assert.All(stops, d => Assert.StartsWith("idle process holding a CUDA context", d.Reason, StringComparison.Ordinal));
        Assert.Equal(stops.Count, simulator.Counters.Sum(c => c.ColdStarts));
    }

    [Fact]
    public void Pinned_NeverMovesModels_AndScalesWithColdStarts()
    {
        var simulator = Run("pinned", 1, out _);
        Assert.Equal(0, simulator.Counters.Sum(c => c.Loads + c.Offloads));
        Assert.True(simulator.Counters.Sum(c => c.ColdStarts) > 0);
    }

    [Theory]
    [InlineData(1, "deterministic")]
    [InlineData(8, "lognormal:cv=1")]
    public void Bound_IsAtLeastEveryPolicy_OnSloAttainmentAndGoodput_EveryFunction(double cv, string service)
    {
        var spec = new SweepSpec(Pressure, Sweep.Names, [WorkloadGenerators.Es1(cv, 120, seed: 9)], null, Options: new SimulationOptions(Service: ServiceDistribution.Parse(service)), Admissions: ["none", "slo"]);
        var results = Sweep.Run(spec);
        var bound = results.Single(r => r.Policy == Bound.Name);
        foreach (var run in results.Where(r => r.Policy != Bound.Name))
        {
            for (var f = 0; f < run.Rows.Count; f++)
            {
                Assert.True(bound.Rows[f].SloAttainmentPct >= run.Rows[f].SloAttainmentPct, $"{run.Label} {run.Rows[f].Function}: SLO {run.Rows[f].SloAttainmentPct} > bound {bound.Rows[f].SloAttainmentPct}");
                Assert.True(bound.Rows[f].GoodputPct >= run.Rows[f].GoodputPct, $"{run.Label} {run.Rows[f].Function}: goodput {run.Rows[f].GoodputPct} > bound {bound.Rows[f].GoodputPct}");
            }
        }
    }

    [Theory]
    [InlineData("faaswise")]
    [InlineData("qshuf")]
    [InlineData("pinned")]
    public void Crashes_AndFailedLoads_AreSeenAndRepaired_NothingLost(string policy)
    {
        var workload = WorkloadGenerators.Es1(1, 120, seed: 4);
        var recorder = new Recorder();
        var decisions = new DecisionRecorder();
        var options = new SimulationOptions(CheckInvariants: true, CrashesPerReplicaHour: 60, LoadFailureProbability: 0.2);
        var simulator = new Simulator(Pressure, workload, PolicyCatalog.Create(policy)!, new Observers(recorder, decisions), options);
        simulator.Run();

        Assert.Equal(workload.Requests, recorder.Records.Count);
        Assert.Contains(decisions.Records, d => d.Kind == "stop" && d.Reason.StartsWith("failed (process crashed)", StringComparison.Ordinal));
        Assert.Equal(simulator.Loads.Started, simulator.Loads.Resident + simulator.Loads.Failed);
        Assert.All(decisions.Records, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
    }

    [Theory]
    [InlineData("faaswise")]
    [InlineData("qshuf")]
    [InlineData("pinned")]
    [InlineData("lru-swap")]
    public void ARestartedPolicy_ContinuesFromTheSnapshot_KpisWithinHalfAPoint(string policy)
    {
        var workload = WorkloadGenerators.Es1(1, 300, seed: 5);
        double Attainment(IReadOnlyList<double>? restarts)
        {
            var kpis = new KpiCollector(Pressure);
            var options = new SimulationOptions(RestartPolicyAt: restarts);
            new Simulator(Pressure, workload, PolicyCatalog.Create(policy, "slo")!, kpis, options, () => PolicyCatalog.Create(policy, "slo")!).Run();
            return 100.0 * kpis.All.WithinSlo / kpis.All.Requests;
        }

        var uninterrupted = Attainment(null);
        var restarted = Attainment([97.3, 203.1]);
        Assert.True(Math.Abs(uninterrupted - restarted) <= 0.5, $"{policy}: {uninterrupted:0.00} % uninterrupted, {restarted:0.00} % with two restarts");
    }

    private static Simulator Run(string policy, double cv, out Recorder recorder)
    {
        recorder = new Recorder { Keep = false };
        var simulator = new Simulator(Pressure, WorkloadGenerators.Es1(cv, 240, seed: 1), PolicyCatalog.Create(policy)!, recorder);
        simulator.Run();
        return simulator;
    }
}
