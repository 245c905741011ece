using Faaswise.Load.Arrivals;
using Faaswise.Load.Engine;
using Faaswise.Load.Results;
using Faaswise.Load.Targets;

namespace Faaswise.Sampling.Running;

/// <summary>The load driver on <c>faaswise attack</c>'s engine: constant arrivals per function, POST with the function's body.</summary>
public sealed class AttackLoadDriver(TimeSpan requestTimeout) : ILoadDriver
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, LoadResult>> AttackAsync(IReadOnlyList<LoadTarget> targets, TimeSpan duration, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            await Task.Delay(duration, cancellation).ConfigureAwait(false);
            return new Dictionary<string, LoadResult>();
        }

        var plan = targets.Select(t => new AttackTarget(
            new Target("POST", t.Url, t.Body, [new("Content-Type", "text/plain")]), new ConstantArrivals(t.Rate))).ToArray();
        var attacker = new Attacker(new AttackOptions { Duration = duration, Timeout = requestTimeout });
        var metrics = new AttackMetrics(plan);
        var outcome = await attacker.RunAsync(plan, metrics, cancellation).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        var report = metrics.Report(outcome, 0);
        return targets.Select((t, i) => (t.Function, Report: report.Targets[i]))
            .ToDictionary(p => p.Function, p => new LoadResult(p.Report.Success, p.Report.Latencies.Mean, p.Report.Requests));
    }
}
