using Faaswise.Modeling.Datasets;

namespace Faaswise.Modeling.Forecasting;

/// <summary>Row indexes of a training and a test set.</summary>
/// <param name="Train">Training rows.</param>
/// <param name="Test">Test rows.</param>
/// <param name="TestRuns">Runs held out (grouped split).</param>
/// <param name="Purged">Test rows dropped because an iteration of their configuration, in the same campaign, is in training.</param>
public sealed record DatasetSplit(int[] Train, int[] Test, IReadOnlyList<string> TestRuns, int Purged)
{
    /// <summary>The split a model was trained with, as its manifest records it, over the same rows.</summary>
    public static DatasetSplit Recorded(IReadOnlyList<SampleRow> rows, ProtocolDescription protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var spec = SplitSpec.Parse(protocol.Split);
        return Create(rows, spec.Protocol, protocol.TestFraction, protocol.Seed, spec.Holdout);
    }

    /// <summary>Splits rows by protocol, deterministically for a seed; <paramref name="holdout"/> names the node class or function the hold-out protocols leave out.</summary>
    /// <exception cref="FormatException">A hold-out protocol whose node class or function is not in the data, or one that leaves nothing on a side.</exception>
    public static DatasetSplit Create(IReadOnlyList<SampleRow> rows, SplitProtocol protocol, double testFraction, int seed, string? holdout = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        switch (protocol)
        {
            case SplitProtocol.NodeClass:
                return Partition(rows, r => r.Node.Type == holdout, $"node class {holdout}", rows.Select(r => r.Node.Type));
            case SplitProtocol.Function:
                return Partition(rows, r => r.Functions.Any(f => f.Name == holdout && f.Rate > 0), $"function {holdout}", rows.SelectMany(r => r.Functions.Select(f => f.Name)));
            case SplitProtocol.Mix:
                return ByMix(rows, testFraction, seed);
        }

        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), "the test fraction must be between 0 and 1");
#pragma warning disable CA5394 // seeded for reproducibility, not security
        var random = new Random(seed);
        if (protocol == SplitProtocol.Random)
        {
            var order = Enumerable.Range(0, rows.Count).ToArray();
            random.Shuffle(order);
            var testCount = (int)Math.Ceiling(rows.Count * testFraction);
            return new DatasetSplit(order[testCount..].Order().ToArray(), order[..testCount].Order().ToArray(), [], 0);
        }

        var testRuns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in rows.GroupBy(r => r.Node.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var runs = node.GroupBy(r => r.Run).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Run: g.Key, Rows: g.Count())).ToArray();
            random.Shuffle(runs);
            var wanted = node.Count() * testFraction;
            var taken = 0;
            foreach (var (run, count) in runs.Take(runs.Length - 1))
            {
                if (taken >= wanted) break;
                testRuns.Add(run);
                taken += count;
            }
        }
#pragma warning restore CA5394

        var train = Enumerable.Range(0, rows.Count).Where(i => !testRuns.Contains(rows[i].Run)).ToArray();
        var seen = train.Select(i => Campaign(rows[i])).ToHashSet(StringComparer.Ordinal);
        var test = Enumerable.Range(0, rows.Count).Where(i => testRuns.Contains(rows[i].Run)).ToArray();
        var kept = test.Where(i => !seen.Contains(Campaign(rows[i]))).ToArray();
        return new DatasetSplit(train, kept, testRuns.Order(StringComparer.Ordinal).ToArray(), test.Length - kept.Length);
    }

    /// <summary>
    /// Whole mixes to the test side, in seeded random order, until it holds the test fraction of the rows; at least one
    /// mix stays in training.
    /// </summary>
    private static DatasetSplit ByMix(IReadOnlyList<SampleRow> rows, double testFraction, int seed)
    {
#pragma warning disable CA5394 // seeded for reproducibility, not security
        var random = new Random(seed);
        var mixes = rows.GroupBy(Mix).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Mix: g.Key, Rows: g.Count())).ToArray();
        random.Shuffle(mixes);
#pragma warning restore CA5394
        var held = new HashSet<string>(StringComparer.Ordinal);
        var taken = 0;
        foreach (var (mix, count) in mixes.Take(mixes.Length - 1))
        {
            if (taken >= rows.Count * testFraction) break;
            held.Add(mix);
            taken += count;
        }

        return Partition(rows, r => held.Contains(Mix(r)), "mix", []);
    }

    private static DatasetSplit Partition(IReadOnlyList<SampleRow> rows, Func<SampleRow, bool> test, string what, IEnumerable<string> known)
    {
        var testRows = Enumerable.Range(0, rows.Count).Where(i => test(rows[i])).ToArray();
        var train = Enumerable.Range(0, rows.Count).Where(i => !test(rows[i])).ToArray();
        if (testRows.Length == 0)
        {
            var names = known.Distinct().Order(StringComparer.Ordinal).ToArray();
            throw new FormatException(names.Length > 0 ? $"no row holds {what} (the data has: {string.Join(", ", names)})" : $"no {what} to hold out: the data has one");
        }

        if (train.Length == 0) throw new FormatException($"holding out {what} leaves no row to train on");
        return new DatasetSplit(train, testRows, testRows.Select(i => rows[i].Run).Distinct().Order(StringComparer.Ordinal).ToArray(), 0);
    }

    /// <summary>The set of functions a run co-locates (its file's functions, whatever their rates in one row).</summary>
    public static string Mix(SampleRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Join("+", row.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    // A restarted sampler can leave iterations of one configuration at the end of one file and the start of the next:
    // the same node class and function set with the same rates is the same configuration of the same campaign.
    private static string Campaign(SampleRow row) =>
        row.Node.Type + "|" + string.Join(",", row.Functions.Select(f => f.Name).Order(StringComparer.Ordinal)) + "|" +
        string.Join(",", row.Functions.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Rate));
}
