namespace Faaswise.Cli;

/// <summary>The command a mistyped word most likely meant: the nearest by edit distance, when it is near enough to be a typo.</summary>
internal static class CommandSuggestion
{
    /// <summary>The closest of <paramref name="names"/> to <paramref name="typed"/>, or null when none is within a third of its length (at least 2 edits).</summary>
    public static string? Closest(string typed, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var word = typed.ToLowerInvariant();
        var best = names.Select(n => (Name: n, Distance: Distance(word, n.ToLowerInvariant()))).OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, word.Length / 3) ? best.Name : null;
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
