using System.Globalization;

namespace Faaswise.Sampling.Plan;

/// <summary>One configuration: a rate per function of a tuple, in tuple order.</summary>
/// <param name="Tuple">Index of its tuple in the plan.</param>
/// <param name="Functions">Function names, in tuple (sorted) order.</param>
/// <param name="Rates">Requests/s per function.</param>
public sealed record Configuration(int Tuple, IReadOnlyList<string> Functions, IReadOnlyList<int> Rates)
{
    /// <summary>A stable key: <c>curl=10,env=20</c>.</summary>
    public string Key => string.Join(",", Functions.Select((f, i) => string.Create(CultureInfo.InvariantCulture, $"{f}={Rates[i]}")));

    /// <summary>Rates summed.</summary>
    public int TotalRate => Rates.Sum();

    /// <summary>True when every rate is at least the other's for the same functions (this is as loaded or more).</summary>
    public bool Dominates(Configuration other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Functions.SequenceEqual(other.Functions) && Rates.Zip(other.Rates).All(p => p.First >= p.Second);
    }

    /// <inheritdoc />
    public override string ToString() => Key;
}
