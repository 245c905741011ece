using Faaswise.Load.Arrivals;
using Faaswise.Load.Engine;

namespace Faaswise.Load.Results;

/// <summary>
/// The sink that turns results into an <see cref="AttackReport"/>. Keeps per-target totals and histograms
/// only (constant memory per target). <see cref="Progress"/> may be read from any thread during the attack.
/// </summary>
public sealed class AttackMetrics : IResultSink
{
    /// <summary>A p99 schedule lag above this (10 ms) marks the generator as saturated.</summary>
    public const long SaturationLagNs = 10_000_000;

    private readonly IReadOnlyList<AttackTarget> _targets;
    private readonly SummaryAccumulator[] _perTarget;
    private readonly Lock _gate = new();

    /// <summary>Creates a sink for the targets of one attack, in attack order.</summary>
    public AttackMetrics(IReadOnlyList<AttackTarget> targets)
    {
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        _perTarget = [.. targets.Select(_ => new SummaryAccumulator())];
    }

    /// <inheritdoc />
    public void Add(in RequestResult result)
    {
        lock (_gate)
        {
            _perTarget[result.Target].Add(result);
        }
    }

    /// <inheritdoc />
    public void Complete()
    {
    }

    /// <summary>Counters for a live progress line.</summary>
    public ProgressSnapshot Progress()
    {
        lock (_gate)
        {
            long requests = 0, failed = 0, dropped = 0, p99 = 0;
            foreach (var t in _perTarget)
            {
                requests += t.Requests;
                failed += t.Failed;
                dropped += t.Dropped;
                p99 = Math.Max(p99, t.Latency.Quantile(0.99));
            }

            return new ProgressSnapshot(requests, failed, dropped, p99);
        }
    }

    /// <summary>The report; call after the attack has completed.</summary>
    public AttackReport Report(AttackOutcome outcome, int seed)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            var all = new SummaryAccumulator();
            var targets = new List<TargetReport>(_perTarget.Length);
            for (var i = 0; i < _perTarget.Length; i++)
            {
                all.Merge(_perTarget[i]);
                var t = _targets[i];
                targets.Add(_perTarget[i].Fill(new TargetReport
                {
                    Method = t.Target.Method,
                    Url = t.Target.Url.ToString(),
                    Arrival = t.Arrivals.ToString() ?? "",
                    RequestedRate = MeanRate(t.Arrivals),
                }));
            }

            var report = all.Fill(new AttackReport
            {
                Seed = seed,
                Interrupted = outcome.Interrupted,
                GeneratorSaturated = false,
                Targets = targets,
            });
            return report with { GeneratorSaturated = report.ScheduleLag.P99 > SaturationLagNs };
        }
    }

    /// <summary>The mean rate a process asks for, per second.</summary>
    public static double MeanRate(IArrivalProcess arrivals) => arrivals switch
    {
        ConstantArrivals c => c.Rate,
        RenewalArrivals r => r.Rate,
        TraceArrivals { Count: > 1 } t when t.Length > TimeSpan.Zero => (t.Count - 1) / t.Length.TotalSeconds,
        _ => 0,
    };
}

/// <summary>Live counters: requests completed, failed, dropped and the p99 latency so far (ns).</summary>
public readonly record struct ProgressSnapshot(long Requests, long Failed, long Dropped, long P99Ns);
