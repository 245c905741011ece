using MathNet.Numerics.LinearAlgebra;

namespace Faaswise.Modeling.Profiling;

/// <summary>
/// Principal components as scikit-learn's <c>PCA()</c> computes them: centred, by SVD, with the sign of each
/// component chosen so that its largest score is positive (<c>svd_flip</c>).
/// </summary>
/// <param name="Mean">Column means subtracted before projecting.</param>
/// <param name="Components">Component vectors, one per row, most variance first.</param>
/// <param name="ExplainedVarianceRatio">Share of the variance each component explains.</param>
public sealed record Pca(double[] Mean, double[][] Components, double[] ExplainedVarianceRatio)
{
    /// <summary>Fits on the rows of a matrix (one sample per row).</summary>
    public static Pca Fit(IReadOnlyList<double[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2) throw new ArgumentException("PCA needs at least two samples", nameof(samples));
        var x = Matrix<double>.Build.DenseOfRowArrays(samples);
        var mean = x.ColumnSums() / x.RowCount;
        var centred = x.MapIndexed((_, c, v) => v - mean[c]);
        var svd = centred.Svd(computeVectors: true);
        var count = Math.Min(x.RowCount, x.ColumnCount);
        var variances = svd.S.Take(count).Select(s => s * s).ToArray();
        var total = variances.Sum();
        var components = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var u = svd.U.Column(i);
            var sign = u[u.AbsoluteMaximumIndex()] < 0 ? -1.0 : 1.0;
            components[i] = svd.VT.Row(i).Select(v => v * sign).ToArray();
        }

        return new Pca(mean.ToArray(), components, variances.Select(v => total == 0 ? 0 : v / total).ToArray());
    }

    /// <summary>DFaaS's rule: the smallest number of components whose cumulative explained variance exceeds 0.95.</summary>
    public int ComponentsFor(double share = 0.95)
    {
        var cumulative = 0.0;
        var n = 0;
        while (n < ExplainedVarianceRatio.Length && cumulative <= share) cumulative += ExplainedVarianceRatio[n++];
        return Math.Max(1, n);
    }

    /// <summary>Projects a sample onto the first <paramref name="components"/> components.</summary>
    public double[] Transform(double[] sample, int components)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Length != Mean.Length) throw new ArgumentException($"a sample of {sample.Length} values for a PCA fitted on {Mean.Length}", nameof(sample));
        var result = new double[components];
        for (var c = 0; c < components; c++)
        {
            var sum = 0.0;
            for (var i = 0; i < sample.Length; i++) sum += (sample[i] - Mean[i]) * Components[c][i];
            result[c] = sum;
        }

        return result;
    }
}
