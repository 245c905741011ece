using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Simulation.Experiments;

/// <summary>
/// The upper bound (<c>bound</c>): unlimited GPU memory, no transfers or cold starts, and every request on a copy of
/// its own the moment it arrives (no queue, no contention), served in its realised service time: the same draw the
/// simulator gives that request under every policy, on the faster of GPU and CPU. Under any policy a request waits,
/// shares, moves or is refused on top of that, so per request the bound's latency is at most any policy's, and so
/// are its SLO attainment and goodput at least theirs. It ignores GPU compute capacity, so it is loose under load.
/// Its request log is in trace order, not in order of completion.
/// </summary>
public static class Bound
{
    /// <summary>Name on the command line and in results.</summary>
    public const string Name = "bound";

    /// <summary>Plays the workload; returns the end time.</summary>
    public static double Run(ClusterWorld world, Workload workload, ISimulationObserver observer, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(observer);
        options ??= new SimulationOptions();
        var service = options.Service ?? ServiceDistribution.Deterministic;
        var end = 0.0;
        for (var i = 0; i < workload.Functions.Count; i++)
        {
            var trace = workload.Functions[i];
            var f = world.FunctionIndex(trace.Function);
            if (f < 0) throw new ArgumentException($"the workload's function '{trace.Function}' is not in the cluster file's functions", nameof(workload));
            var stream = ServiceDistribution.StreamFor(options.Seed, i);
            var fastest = Math.Min(world.ExecSeconds(f, onGpu: true), world.ExecSeconds(f, onGpu: false));
            var timeout = world.Functions[f].TimeoutSeconds;
            foreach (var offset in trace.Offsets)
            {
                var arrival = trace.StartSeconds + offset;
                var exec = fastest * service.Draw(stream);
                var ok = exec <= timeout;
                var done = arrival + exec;
                observer.OnRequest(new RequestRecord(f, arrival, arrival, ok ? done : arrival + timeout, ok ? RequestStatus.Ok : RequestStatus.Timeout, true, 0, 0, exec, -1, -1));
                end = Math.Max(end, done);
            }
        }

        return end;
    }
}
