using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>How well overload is predicted (class 1 = overloaded), at the model's decision threshold.</summary>
/// <param name="Accuracy">Share of rows classified right.</param>
/// <param name="Precision">Predicted overloads that were overloaded.</param>
/// <param name="Recall">Overloads that were predicted.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Positives">Overloaded rows in the set.</param>
/// <param name="Brier">Mean squared gap between the predicted probability and the 0/1 truth: 0 is perfect, 0.25 a coin;
/// unlike F1 it scores the probability itself, so a model that is right but unsure is told apart from one that is sure and wrong.</param>
public sealed record ClassificationScore(
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("positives")] int Positives,
    [property: JsonPropertyName("brier")] double Brier)
{
    /// <summary>Scores predicted probabilities against the truth.</summary>
    public static ClassificationScore Compute(IReadOnlyList<bool> truth, IReadOnlyList<double> probability, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(probability);
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var squared = 0.0;
        for (var i = 0; i < truth.Count; i++)
        {
            var gap = probability[i] - (truth[i] ? 1 : 0);
            squared += gap * gap;
            var predicted = probability[i] >= threshold;
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
            tp + fn,
            truth.Count == 0 ? 0 : squared / truth.Count);
    }

    /// <summary>The threshold of 0.05, 0.06, ..., 0.95 with the best F1 on these rows (ties: the one nearest 0.5); 0.5 without positives.</summary>
    public static double BestThreshold(IReadOnlyList<bool> truth, IReadOnlyList<double> probability)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (!truth.Any(t => t)) return 0.5;
        var best = (F1: -1.0, Threshold: 0.5);
        for (var step = 5; step <= 95; step++)
        {
            var threshold = step / 100.0;
            var f1 = Compute(truth, probability, threshold).F1;
            if (f1 > best.F1 + 1e-12 || (Math.Abs(f1 - best.F1) <= 1e-12 && Math.Abs(threshold - 0.5) < Math.Abs(best.Threshold - 0.5))) best = (f1, threshold);
        }

        return best.Threshold;
    }

    /// <summary>One line for people: the scores, what "overloaded" meant and the threshold they were taken at.</summary>
    public string Describe(string label, double threshold) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"accuracy {Accuracy:F3}, precision {Precision:F3}, recall {Recall:F3}, F1 {F1:F3}, Brier {Brier:F3} ({Positives} overloaded rows, label {label}, probability threshold {threshold:F2})");
}
