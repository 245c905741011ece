using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>How well a target is predicted on a set of rows, in the target's own unit.</summary>
/// <param name="R2">Coefficient of determination.</param>
/// <param name="Rmse">Root mean squared error, target unit.</param>
/// <param name="Mae">Mean absolute error, target unit.</param>
/// <param name="Mape">Mean absolute percentage error as a fraction (0.05 = 5 %), over rows whose true value is not 0.</param>
/// <param name="CoverageQ05">Share of rows whose 0.05 quantile prediction lies above the truth (ideal 0.05); null without quantile models.</param>
/// <param name="CoverageQ95">Share of rows whose 0.95 quantile prediction lies above the truth (ideal 0.95); null without quantile models.</param>
/// <param name="RmseScaled">RMSE after min-max scaling by the training range (DFaaS's reported scale).</param>
public sealed record RegressionScore(
    [property: JsonPropertyName("r2")] double R2,
    [property: JsonPropertyName("rmse")] double Rmse,
    [property: JsonPropertyName("mae")] double Mae,
    [property: JsonPropertyName("mape")] double Mape,
    [property: JsonPropertyName("coverage_q05")] double? CoverageQ05,
    [property: JsonPropertyName("coverage_q95")] double? CoverageQ95,
    [property: JsonPropertyName("rmse_scaled")] double RmseScaled)
{
    /// <summary>Scores predictions against the truth.</summary>
    public static RegressionScore Compute(IReadOnlyList<double> truth, IReadOnlyList<double> predicted, IReadOnlyList<double>? q05, IReadOnlyList<double>? q95, double trainingRange)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var n = truth.Count;
        if (n == 0) return new RegressionScore(double.NaN, double.NaN, double.NaN, double.NaN, null, null, double.NaN);
        var mean = truth.Average();
        double squared = 0, absolute = 0, total = 0, percent = 0;
        var nonZero = 0;
        for (var i = 0; i < n; i++)
        {
            var e = predicted[i] - truth[i];
            squared += e * e;
            absolute += Math.Abs(e);
            total += (truth[i] - mean) * (truth[i] - mean);
            if (truth[i] != 0)
            {
                percent += Math.Abs(e / truth[i]);
                nonZero++;
            }
        }

        var rmse = Math.Sqrt(squared / n);
        return new RegressionScore(
            total == 0 ? double.NaN : 1 - squared / total,
            rmse,
            absolute / n,
            nonZero == 0 ? double.NaN : percent / nonZero,
            q05 is null ? null : Enumerable.Range(0, n).Count(i => q05[i] > truth[i]) / (double)n,
            q95 is null ? null : Enumerable.Range(0, n).Count(i => q95[i] > truth[i]) / (double)n,
            trainingRange > 0 ? rmse / trainingRange : double.NaN);
    }
}
