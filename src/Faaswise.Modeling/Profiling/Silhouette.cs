namespace Faaswise.Modeling.Profiling;

/// <summary>The mean silhouette coefficient of a clustering (scikit-learn's definition; singletons score 0).</summary>
public static class Silhouette
{
    /// <summary>Mean silhouette over samples; NaN when there are fewer than two clusters.</summary>
    public static double Score(IReadOnlyList<double[]> samples, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(labels);
        var clusters = labels.Distinct().ToArray();
        if (clusters.Length < 2 || clusters.Length >= samples.Count) return double.NaN;
        var total = 0.0;
        for (var i = 0; i < samples.Count; i++)
        {
            var own = Enumerable.Range(0, samples.Count).Where(j => j != i && labels[j] == labels[i]).ToArray();
            if (own.Length == 0) continue;
            var a = own.Average(j => Distance(samples[i], samples[j]));
            var b = clusters.Where(c => c != labels[i])
                .Min(c => Enumerable.Range(0, samples.Count).Where(j => labels[j] == c).Average(j => Distance(samples[i], samples[j])));
            var scale = Math.Max(a, b);
            total += scale == 0 ? 0 : (b - a) / scale;
        }

        return total / samples.Count;
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(KMeans.SquaredDistance(a, b));
}
