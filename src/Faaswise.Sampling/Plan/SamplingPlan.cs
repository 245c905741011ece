namespace Faaswise.Sampling.Plan;

/// <summary>
/// The configurations of a run in order: per tuple the Cartesian product of the rate grid, first function slowest,
/// rates ascending (DFaaS's order, so that dominance can skip what is sure to overload).
/// </summary>
/// <param name="Tuples">Function tuples.</param>
/// <param name="Rates">The rate grid.</param>
public sealed record SamplingPlan(IReadOnlyList<string[]> Tuples, IReadOnlyList<int> Rates)
{
    /// <summary>Configurations per tuple.</summary>
    public IEnumerable<Configuration> Configurations()
    {
        for (var t = 0; t < Tuples.Count; t++)
        {
            var tuple = Tuples[t];
            var index = new int[tuple.Length];
            while (true)
            {
                yield return new Configuration(t, tuple, index.Select(i => Rates[i]).ToArray());
                var position = tuple.Length - 1;
                while (position >= 0 && ++index[position] == Rates.Count)
                {
                    index[position] = 0;
                    position--;
                }

                if (position < 0) break;
            }
        }
    }

    /// <summary>How many configurations there are.</summary>
    public long Count => Tuples.Sum(t => (long)Math.Pow(Rates.Count, t.Length));
}
