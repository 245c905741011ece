namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// SMOTE-NC: synthetic minority rows on the segment between a minority row and one of its k nearest minority
/// neighbours; the categorical column takes the most frequent value among the neighbours. Neighbours are found on
/// min-max scaled columns, so a column in bytes does not drown one in requests/s. Applied to a training split only.
/// </summary>
public static class Smote
{
    /// <summary>The rows and labels with synthetic positives added until both classes are equally many.</summary>
    public static (float[] Rows, bool[] Labels) Balance(float[] rows, bool[] labels, int columns, int categoricalColumn, int seed, int neighbours = 5)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        var positives = Enumerable.Range(0, labels.Length).Where(i => labels[i]).ToArray();
        var negatives = labels.Length - positives.Length;
        var minority = positives.Length <= negatives ? positives : Enumerable.Range(0, labels.Length).Where(i => !labels[i]).ToArray();
        var minorityLabel = positives.Length <= negatives;
        var needed = labels.Length - 2 * minority.Length;
        if (needed <= 0 || minority.Length < 2) return (rows, labels);

        var min = new double[columns];
        var range = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var values = Enumerable.Range(0, labels.Length).Select(i => (double)rows[i * columns + c]).ToArray();
            min[c] = values.Min();
            range[c] = values.Max() - min[c] is var r && r > 0 ? r : 1;
        }

        var k = Math.Min(neighbours, minority.Length - 1);
        var nearest = new int[minority.Length][];
        var scaled = new double[minority.Length * columns];
        for (var a = 0; a < minority.Length; a++)
        {
            for (var c = 0; c < columns; c++) scaled[a * columns + c] = (rows[minority[a] * columns + c] - min[c]) / range[c];
        }

        Parallel.For(0, minority.Length, a =>
        {
            var best = new int[k];
            var bestDistance = new double[k];
            Array.Fill(bestDistance, double.PositiveInfinity);
            for (var b = 0; b < minority.Length; b++)
            {
                if (a == b) continue;
                var sum = 0.0;
                for (var c = 0; c < columns; c++)
                {
                    var d = scaled[a * columns + c] - scaled[b * columns + c];
                    sum += d * d;
                }

                if (sum >= bestDistance[k - 1]) continue;
                var slot = k - 1;
                while (slot > 0 && bestDistance[slot - 1] > sum)
                {
                    bestDistance[slot] = bestDistance[slot - 1];
                    best[slot] = best[slot - 1];
                    slot--;
                }

                bestDistance[slot] = sum;
                best[slot] = b;
            }

            nearest[a] = best;
        });

#pragma warning disable CA5394 // seeded for reproducibility, not security
        var random = new Random(seed);
        var outRows = new float[rows.Length + needed * columns];
        rows.CopyTo(outRows, 0);
        var outLabels = new bool[labels.Length + needed];
        labels.CopyTo(outLabels, 0);
        for (var s = 0; s < needed; s++)
        {
            var a = random.Next(minority.Length);
            var b = nearest[a][random.Next(k)];
            var gap = random.NextDouble();
            var at = (labels.Length + s) * columns;
            for (var c = 0; c < columns; c++)
            {
                var x = rows[minority[a] * columns + c];
                var y = rows[minority[b] * columns + c];
                outRows[at + c] = (float)(x + gap * (y - x));
            }

            if (categoricalColumn >= 0)
            {
                outRows[at + categoricalColumn] = nearest[a]
                    .Select(n => rows[minority[n] * columns + categoricalColumn])
                    .GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            }

            outLabels[labels.Length + s] = minorityLabel;
        }
#pragma warning restore CA5394

        return (outRows, outLabels);
    }
}
