using MathNet.Numerics.Distributions;

namespace Faaswise.Load.Arrivals;

/// <summary>Poisson arrivals: exponential gaps with mean 1 / rate (coefficient of variation 1).</summary>
public sealed record PoissonArrivals(double Rate) : RenewalArrivals(Rate)
{
    /// <inheritdoc />
    public override double NextGapSeconds(Random random) => Exponential.Sample(random, Rate);

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"poisson{{{Rate:0.###} req/s}}");
}
