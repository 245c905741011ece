using Faaswise.Qshuf.Policies;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Tests;

/// <summary>One GPU, one resident model, Poisson arrivals: the mean wait in queue against Pollaczek-Khinchine.</summary>
public class QueueingTheoryTests
{
    private const double Service = 0.01;

    // M/D/1: Wq = rho S / (2 (1 - rho)); M/M/1: Wq = rho S / (1 - rho). Requests: at least 10^6, more where the
    // sample mean converges slowly (M/M/1 at 0.9: its standard error at 10^6 requests is about 2 %).
    [Theory]
    [InlineData(0.5, false, 1_000_000)]
    [InlineData(0.8, false, 2_000_000)]
    [InlineData(0.9, false, 4_000_000)]
    [InlineData(0.5, true, 2_000_000)]
    [InlineData(0.8, true, 6_000_000)]
    [InlineData(0.9, true, 16_000_000)]
    public void MeanWait_MatchesQueueingTheory_Within2Percent(double rho, bool exponential, int requests)
    {
        var rate = rho / Service;
        var workload = WorkloadGenerators.Poisson([("f", rate)], requests / rate, seed: 7);
        var recorder = new Recorder { Keep = false };
        var simulator = new Simulator(Worlds.OneGpu(Service), workload, PolicyCatalog.Create("pinned")!, recorder,
            new SimulationOptions(Seed: 11, Service: exponential ? ServiceDistribution.Exponential : ServiceDistribution.Deterministic));
        simulator.Run();

        var expected = exponential ? rho * Service / (1 - rho) : rho * Service / (2 * (1 - rho));
        Assert.True(recorder.Count >= 1_000_000 * 0.99, $"{recorder.Count} requests");
        Assert.Equal(workload.Requests, recorder.Count);
        var error = Math.Abs(recorder.MeanWait - expected) / expected;
        Assert.True(error < 0.02, $"rho {rho} {(exponential ? "M/M/1" : "M/D/1")}: mean wait {recorder.MeanWait * 1000:0.0000} ms, theory {expected * 1000:0.0000} ms, error {error:P2}");
    }
}
