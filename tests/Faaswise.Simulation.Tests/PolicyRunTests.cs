using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;

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
    public void LruSwap_LoadsOnDemand_AndOffloadsToMakeRoom()
    {
        var simulator = Run("lru-swap", 1, out _);
        Assert.True(simulator.Counters.Sum(c => c.Loads) > 10);
        Assert.True(simulator.Counters.Sum(c => c.Offloads) > 0);
        Assert.Equal(0, simulator.Counters.Sum(c => c.ColdStarts));
    }

    [Fact]
    public void Pinned_NeverMovesModels_AndScalesWithColdStarts()
    {
        var simulator = Run("pinned", 1, out _);
        Assert.Equal(0, simulator.Counters.Sum(c => c.Loads + c.Offloads));
        Assert.True(simulator.Counters.Sum(c => c.ColdStarts) > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Faaswise_BeatsEveryBaseline_OnSloAttainment_UnderMemoryPressure(double cv)
    {
        var ours = Attainment("faaswise", cv);
        foreach (var baseline in new[] { "pinned", "qshuf", "lru-swap" }) Assert.True(ours >= Attainment(baseline, cv), $"{baseline} beats faaswise at cv {cv}");
        Assert.True(Attainment("oracle", cv) >= ours - 0.5);
    }

    private static double Attainment(string policy, double cv)
    {
        var spec = new SweepSpec(Pressure, [policy], [WorkloadGenerators.Es1(cv, 240, seed: 1)], null);
        return Sweep.Run(spec)[0].All.SloAttainmentPct;
    }

    private static Simulator Run(string policy, double cv, out Recorder recorder)
    {
        recorder = new Recorder { Keep = false };
        var simulator = new Simulator(Pressure, WorkloadGenerators.Es1(cv, 240, seed: 1), PolicyCatalog.Create(policy)!, recorder);
        simulator.Run();
        return simulator;
    }
}
