using Faaswise.Qshuf.Control;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// Arrivals per function counted where requests enter (the router), on the clock of the run (seconds since
/// <see cref="Start"/>, or since the meter was made), each function's in an <see cref="ArrivalHistory"/>: the
/// simulator's own bins and formulas, so that a simulated twin that replays the arrivals computes the same rates at
/// the same instants. QShuf's irate is read as from a Prometheus scraping every <see cref="IrateScrapeSeconds"/>
/// (the router's per-second counts by default). Thread-safe.
/// </summary>
public sealed class ArrivalMeter
{
    /// <summary>The irate scrape interval of a meter that reads the router's counts every second.</summary>
    public const double EverySecond = 1;

    private const double RateSeconds = 10;
    private const double CvWindowSeconds = 600;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly long[] _total;
    private ArrivalHistory[] _histories;
    private DateTimeOffset _origin;

    /// <summary>A meter for <paramref name="functions"/> functions whose clock starts now.</summary>
    public ArrivalMeter(int functions, TimeProvider clock, double irateScrapeSeconds = EverySecond)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(irateScrapeSeconds, 1);
        _clock = clock;
        _total = new long[functions];
        _histories = Fresh(functions);
        _origin = clock.GetUtcNow();
        IrateScrapeSeconds = irateScrapeSeconds;
    }

    /// <summary>The interval of the scrapes QShuf's irate is read from, seconds.</summary>
    public double IrateScrapeSeconds { get; }

    /// <summary>Restarts the run's clock at <paramref name="origin"/> (the instant the workload's offsets count from) and forgets earlier arrivals; totals carry on.</summary>
    public void Start(DateTimeOffset origin)
    {
        lock (_gate)
        {
            _origin = origin;
            _histories = Fresh(_total.Length);
        }
    }

    /// <summary>A request of the function arrived.</summary>
    public void Arrive(int function)
    {
        lock (_gate)
        {
            _histories[function].Add(Math.Max(0, Now()));
            _total[function]++;
        }
    }

    /// <summary>Arrivals of the function since the meter was made.</summary>
    public long Total(int function)
    {
        lock (_gate) return _total[function];
    }

    /// <summary>Every function's traffic now, with its arrivals for other windows (Outstanding is left to the caller).</summary>
    public IReadOnlyList<FunctionObservation> Observe()
    {
        lock (_gate)
        {
            var now = Math.Max(0, Now());
            return _histories.Select(h =>
            {
                var (irate, cv) = h.Irate(now, CvWindowSeconds, IrateScrapeSeconds);
                return new FunctionObservation(h.Rate(now, RateSeconds), irate, cv, Arrivals: h.CopyAt(now), ObservedAt: now);
            }).ToArray();
        }
    }

    private double Now() => (_clock.GetUtcNow() - _origin).TotalSeconds;

    private static ArrivalHistory[] Fresh(int functions) => Enumerable.Range(0, functions).Select(_ => new ArrivalHistory()).ToArray();
}
