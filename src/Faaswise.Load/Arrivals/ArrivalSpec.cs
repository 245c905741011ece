using System.Globalization;

namespace Faaswise.Load.Arrivals;

/// <summary>
/// An arrival process named on the command line, before a rate is attached: <c>constant</c>, <c>poisson</c>,
/// <c>gamma</c> (with a cv) or <c>trace:FILE</c>. Several targets share one spec, each with its own rate.
/// </summary>
public sealed record ArrivalSpec
{
    /// <summary>Name of the constant process.</summary>
    public const string Constant = "constant";

    /// <summary>Name of the Poisson process.</summary>
    public const string Poisson = "poisson";

    /// <summary>Name of the gamma process.</summary>
    public const string Gamma = "gamma";

    /// <summary>Prefix of a trace file spec.</summary>
    public const string TracePrefix = "trace:";

    private ArrivalSpec(string kind, double cv, TraceArrivals? trace)
    {
        Kind = kind;
        Cv = cv;
        Trace = trace;
    }

    /// <summary>One of <see cref="Constant"/>, <see cref="Poisson"/>, <see cref="Gamma"/> or "trace".</summary>
    public string Kind { get; }

    /// <summary>Coefficient of variation (gamma only).</summary>
    public double Cv { get; }

    /// <summary>The loaded trace (trace only).</summary>
    public TraceArrivals? Trace { get; }

    /// <summary>True when the schedule comes from a file and needs no rate.</summary>
    public bool IsTrace => Trace is not null;

    /// <summary>
    /// Parses a spec. Throws <see cref="FormatException"/> with a one-line reason for an unknown name, a bad cv
    /// or an unreadable trace.
    /// </summary>
    public static ArrivalSpec Parse(string text, double cv = 1.0)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spec = text.Trim();
        if (spec.StartsWith(TracePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = spec[TracePrefix.Length..];
            if (path.Length == 0)
            {
                throw new FormatException("trace: needs a file, as in trace:offsets.txt");
            }

            try
            {
                return new ArrivalSpec("trace", 0, TraceArrivals.Load(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new FormatException($"cannot read trace {path}: {e.Message}", e);
            }
        }

        switch (spec.ToLowerInvariant())
        {
            case Constant:
                return new ArrivalSpec(Constant, 0, null);
            case Poisson:
                return new ArrivalSpec(Poisson, 1, null);
            case Gamma:
                if (!(cv > 0) || !double.IsFinite(cv))
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"gamma needs a coefficient of variation > 0 (got {cv})"));
                }

                return new ArrivalSpec(Gamma, cv, null);
            default:
                throw new FormatException($"unknown arrival process '{text}': use constant, poisson, gamma or trace:FILE");
        }
    }

    /// <summary>The process for one target at <paramref name="rate"/> requests per second (ignored by traces).</summary>
    public IArrivalProcess Create(double rate) => Kind switch
    {
        Constant => new ConstantArrivals(rate),
        Poisson => new PoissonArrivals(rate),
        Gamma => new GammaArrivals(rate, Cv),
        _ => Trace!,
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        Gamma => FormattableString.Invariant($"gamma (cv {Cv:0.###})"),
        "trace" => Trace!.ToString(),
        _ => Kind,
    };
}
