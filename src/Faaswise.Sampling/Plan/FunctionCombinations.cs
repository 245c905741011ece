namespace Faaswise.Sampling.Plan;

/// <summary>Function tuples: every combination of the sorted names with sizes min..max (inclusive), by size then lexicographically.</summary>
public static class FunctionCombinations
{
    /// <summary>The tuples, in the order they are sampled.</summary>
    public static IReadOnlyList<string[]> Generate(IEnumerable<string> names, int minSize, int maxSize)
    {
        ArgumentNullException.ThrowIfNull(names);
        var sorted = names.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (minSize < 1 || maxSize < minSize || maxSize > sorted.Length)
        {
            throw new ArgumentException($"combination sizes must satisfy 1 <= min <= max <= {sorted.Length} functions (got {minSize}..{maxSize})");
        }

        var result = new List<string[]>();
        for (var k = minSize; k <= maxSize; k++) Combine(sorted, k, 0, [], result);
        return result;
    }

    private static void Combine(string[] names, int k, int from, List<string> current, List<string[]> result)
    {
        if (current.Count == k)
        {
            result.Add([.. current]);
            return;
        }

        for (var i = from; i <= names.Length - (k - current.Count); i++)
        {
            current.Add(names[i]);
            Combine(names, k, i + 1, current, result);
            current.RemoveAt(current.Count - 1);
        }
    }
}
