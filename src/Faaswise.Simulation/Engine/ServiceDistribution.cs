using System.Globalization;

namespace Faaswise.Simulation.Engine;

/// <summary>How inference times vary around a model's latency: a factor of mean 1 drawn per request.</summary>
/// <param name="Kind">deterministic, exponential or lognormal.</param>
/// <param name="Cv">Coefficient of variation of the lognormal factor.</param>
public sealed record ServiceDistribution(string Kind, double Cv = 0)
{
    /// <summary>Exactly the model's latency (times contention).</summary>
    public static ServiceDistribution Deterministic { get; } = new("deterministic");

    /// <summary>Exponential with the model's latency as mean (M/M/1 checks).</summary>
    public static ServiceDistribution Exponential { get; } = new("exponential", 1);

    /// <summary>Lognormal with mean 1 and the given cv.</summary>
    public static ServiceDistribution Lognormal(double cv) => new("lognormal", cv);

    /// <summary>The command-line spelling.</summary>
    public override string ToString() => Kind == "lognormal" ? string.Create(CultureInfo.InvariantCulture, $"lognormal:cv={Cv}") : Kind;

    /// <summary>Parses deterministic, exponential or lognormal:cv=X; null when malformed.</summary>
    public static ServiceDistribution? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "deterministic") return Deterministic;
        if (text == "exponential") return Exponential;
        const string prefix = "lognormal:cv=";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && double.TryParse(text.AsSpan(prefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var cv) && cv > 0 && double.IsFinite(cv)
            ? Lognormal(cv) : null;
    }

    /// <summary>One factor of mean 1.</summary>
    public double Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_deterministic) return 1;
        if (_exponential) return -Math.Log(1 - random.NextDouble());
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Exp((-_sigma2 / 2) + (Math.Sqrt(_sigma2) * normal));
    }

    private readonly bool _deterministic = Kind == "deterministic";
    private readonly bool _exponential = Kind == "exponential";
    private readonly double _sigma2 = Math.Log(1 + (Cv * Cv));

    /// <summary>The draws of one trace of a run: the same for every policy given the seed, whatever the interleaving of traces.</summary>
    public static Random StreamFor(int seed, int trace) => new(unchecked((seed * 1_000_003) + (trace * 7919) + 17));
}
