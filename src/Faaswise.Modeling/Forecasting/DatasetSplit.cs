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
        return Create(rows, protocol.Split == "random" ? SplitProtocol.Random : SplitProtocol.Grouped, protocol.TestFraction, protocol.Seed);
    }

    /// <summary>Splits rows by protocol, deterministically for a seed.</summary>
    public static DatasetSplit Create(IReadOnlyList<SampleRow> rows, SplitProtocol protocol, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
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

    // A restarted sampler can leave iterations of one configuration at the end of one file and the start of the next:
    // the same node class and function set with the same rates is the same configuration of the same campaign.
    private static string Campaign(SampleRow row) =>
        row.Node.Type + "|" + string.Join(",", row.Functions.Select(f => f.Name).Order(StringComparer.Ordinal)) + "|" +
        string.Join(",", row.Functions.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Rate));
}
