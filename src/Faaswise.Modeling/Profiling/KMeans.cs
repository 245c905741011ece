namespace Faaswise.Modeling.Profiling;

/// <summary>k-means (Lloyd's algorithm, k-means++ seeding, the best of several seeded starts as scikit-learn's n_init).</summary>
/// <param name="Centers">Cluster centres.</param>
/// <param name="Inertia">Sum of squared distances of the training samples to their centres.</param>
public sealed record KMeans(double[][] Centers, double Inertia)
{
    /// <summary>Fits k clusters; the same seed gives the same clusters.</summary>
    public static KMeans Fit(IReadOnlyList<double[]> samples, int k, int seed, int starts = 10, int maxIterations = 300)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (k < 1 || k > samples.Count) throw new ArgumentOutOfRangeException(nameof(k), $"k must be 1..{samples.Count} (got {k})");
#pragma warning disable CA5394 // seeded for reproducibility, not security
        var random = new Random(seed);
        KMeans? best = null;
        for (var start = 0; start < starts; start++)
        {
            var centers = Seed(samples, k, random);
            var labels = new int[samples.Count];
            for (var iteration = 0; iteration < maxIterations; iteration++)
            {
                var changed = Assign(samples, centers, labels) || iteration == 0;
                centers = Update(samples, centers, labels);
                if (!changed) break;
            }

            Assign(samples, centers, labels);
            var inertia = samples.Select((s, i) => SquaredDistance(s, centers[labels[i]])).Sum();
            if (best is null || inertia < best.Inertia - 1e-12) best = new KMeans(centers, inertia);
        }

        return best!;

        static double[][] Seed(IReadOnlyList<double[]> samples, int k, Random random)
        {
            var centers = new List<double[]> { samples[random.Next(samples.Count)] };
            while (centers.Count < k)
            {
                var weights = samples.Select(s => centers.Min(c => SquaredDistance(s, c))).ToArray();
                var total = weights.Sum();
                var pick = random.NextDouble() * total;
                var chosen = 0;
                for (var acc = 0.0; chosen < samples.Count - 1; chosen++)
                {
                    acc += weights[chosen];
                    if (acc >= pick && weights[chosen] > 0) break;
                }

                centers.Add(total == 0 ? samples[random.Next(samples.Count)] : samples[chosen]);
            }

            return centers.Select(c => (double[])c.Clone()).ToArray();
        }
#pragma warning restore CA5394
    }

    /// <summary>The centre nearest to a sample.</summary>
    public int Predict(double[] sample) => Nearest(Centers, sample);

    /// <summary>DFaaS's elbow "distortion": the mean Euclidean distance of samples to their nearest centre.</summary>
    public double Distortion(IReadOnlyList<double[]> samples) =>
        samples.Average(s => Math.Sqrt(SquaredDistance(s, Centers[Predict(s)])));

    private static bool Assign(IReadOnlyList<double[]> samples, double[][] centers, int[] labels)
    {
        var changed = false;
        for (var i = 0; i < samples.Count; i++)
        {
            var nearest = Nearest(centers, samples[i]);
            changed |= nearest != labels[i];
            labels[i] = nearest;
        }

        return changed;
    }

    private static double[][] Update(IReadOnlyList<double[]> samples, double[][] centers, int[] labels)
    {
        var next = new double[centers.Length][];
        for (var c = 0; c < centers.Length; c++)
        {
            var members = samples.Where((_, i) => labels[i] == c).ToArray();
            next[c] = members.Length == 0
                ? centers[c]
                : Enumerable.Range(0, centers[c].Length).Select(d => members.Average(m => m[d])).ToArray();
        }

        return next;
    }

    private static int Nearest(double[][] centers, double[] sample)
    {
        var best = 0;
        for (var c = 1; c < centers.Length; c++)
        {
            if (SquaredDistance(sample, centers[c]) < SquaredDistance(sample, centers[best])) best = c;
        }

        return best;
    }

    internal static double SquaredDistance(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return sum;
    }
}
