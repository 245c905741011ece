using Faaswise.Load.Arrivals;

namespace Faaswise.Simulation.Workloads;

/// <summary>Workload generators: QShuf's ES1 exactly, Poisson and constant rates.</summary>
public static class WorkloadGenerators
{
    /// <summary>
    /// QShuf's ES1 (§5.2): per function, n = ceil(T / mu) gamma gaps with mean mu and coefficient of variation cv,
    /// summed; drawn again while the last arrival exceeds 1.5 T. Function i starts i x 20 s after the first.
    /// </summary>
    public static Workload Es1(double cv, double durationSeconds, int seed, IReadOnlyList<(string Function, double Mu)>? functions = null)
    {
        if (cv <= 0) throw new ArgumentOutOfRangeException(nameof(cv), "cv must be > 0");
        if (durationSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(durationSeconds), "the duration must be > 0");
        functions ??= Es1Catalog.Functions;
#pragma warning disable CA5394 // seeded for reproducibility, not security
        var random = new Random(seed);
        var traces = new List<FunctionTrace>();
        for (var i = 0; i < functions.Count; i++)
        {
            var (name, mu) = functions[i];
            var process = new GammaArrivals(1 / mu, cv);
            var n = (int)Math.Ceiling(durationSeconds / mu);
            double[] offsets;
            do
            {
                offsets = new double[n];
                var sum = 0.0;
                for (var k = 0; k < n; k++) offsets[k] = sum += process.NextGapSeconds(random);
            }
            while (offsets[^1] > 1.5 * durationSeconds);
            traces.Add(new FunctionTrace(name, i * Es1Catalog.StaggerSeconds, offsets));
        }
#pragma warning restore CA5394

        return new Workload("es1", cv, durationSeconds, seed, traces);
    }

    /// <summary>Poisson arrivals at each function's rate for the duration, all starting at once.</summary>
    public static Workload Poisson(IReadOnlyList<(string Function, double Rate)> functions, double durationSeconds, int seed) =>
        FromProcess("poisson", 1, functions, durationSeconds, seed, rate => new PoissonArrivals(rate));

    /// <summary>Evenly spaced arrivals at each function's rate.</summary>
    public static Workload Constant(IReadOnlyList<(string Function, double Rate)> functions, double durationSeconds) =>
        FromProcess("constant", 0, functions, durationSeconds, 0, rate => new ConstantArrivals(rate));

    private static Workload FromProcess(string name, double? cv, IReadOnlyList<(string Function, double Rate)> functions, double durationSeconds, int seed, Func<double, IArrivalProcess> create)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var random = new Random(seed);
        var traces = functions.Select(f => new FunctionTrace(f.Function, 0,
            create(f.Rate).Offsets(random).Select(o => o.TotalSeconds).TakeWhile(o => o < durationSeconds).ToArray())).ToArray();
        return new Workload(name, cv, durationSeconds, seed, traces);
    }
}
