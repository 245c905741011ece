using MathNet.Numerics.Distributions;

namespace Faaswise.Load.Arrivals;

/// <summary>
/// Gamma-distributed gaps with mean 1 / rate and coefficient of variation <see cref="Cv"/>, as QShuf's
/// workloads use: shape α = 1 / cv², scale β = cv² / rate (so α·β = 1 / rate and √α·β / (α·β) = cv).
/// cv = 1 is Poisson; cv &lt; 1 is smoother; cv &gt; 1 is bursty.
/// </summary>
public sealed record GammaArrivals : RenewalArrivals
{
    /// <summary>Creates a gamma process.</summary>
    /// <param name="rate">Mean requests per second; MUST BE &gt; 0.</param>
    /// <param name="cv">Coefficient of variation of the gaps; MUST BE &gt; 0.</param>
    public GammaArrivals(double rate, double cv) : base(rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cv);
        Cv = cv;
    }

    /// <summary>Coefficient of variation of the gaps.</summary>
    public double Cv { get; }

    /// <summary>Gamma shape α = 1 / cv².</summary>
    public double Shape => 1.0 / (Cv * Cv);

    /// <summary>Gamma scale β = cv² / rate, in seconds.</summary>
    public double ScaleSeconds => Cv * Cv / Rate;

    /// <inheritdoc />
    public override double NextGapSeconds(Random random) => Gamma.Sample(random, Shape, 1.0 / ScaleSeconds);

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"gamma{{{Rate:0.###} req/s, cv {Cv:0.###}}}");
}
