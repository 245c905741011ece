using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>How well overload is predicted (class 1 = overloaded), at probability 0.5.</summary>
/// <param name="Accuracy">Share of rows classified right.</param>
/// <param name="Precision">Predicted overloads that were overloaded.</param>
/// <param name="Recall">Overloads that were predicted.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Positives">Overloaded rows in the set.</param>
public sealed record ClassificationScore(
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("positives")] int Positives)
{
    /// <summary>Scores predicted probabilities against the truth.</summary>
    public static ClassificationScore Compute(IReadOnlyList<bool> truth, IReadOnlyList<double> probability)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(probability);
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var predicted = probability[i] >= 0.5;
            if (predicted && truth[i]) tp++;
            else if (predicted) fp++;
            else if (truth[i]) fn++;
            else tn++;
        }

        double precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        return new ClassificationScore(
            truth.Count == 0 ? double.NaN : (tp + tn) / (double)truth.Count,
            precision,
            recall,
            precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
            tp + fn);
    }
}
