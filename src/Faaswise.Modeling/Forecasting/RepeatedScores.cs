using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;

namespace Faaswise.Modeling.Forecasting;

/// <summary>A score over repeated splits: its mean, the half width of the 95 % t-interval of the mean, and each split's value.</summary>
/// <param name="Mean">Mean over the splits that have the score.</param>
/// <param name="HalfWidth95">Half width of the two-sided 95 % Student t-interval of the mean (null with one value).</param>
/// <param name="Values">The score of each split in seed order; null where a split has none (no overloaded test row, or an undefined R²).</param>
public sealed record ScoreInterval(
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("half_width_95")] double? HalfWidth95,
    [property: JsonPropertyName("values")] IReadOnlyList<double?> Values)
{
    /// <summary>The interval of <paramref name="values"/>, leaving out missing and NaN ones; null when none is left.</summary>
    public static ScoreInterval? Of(IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var defined = values.Select(v => v is { } x && double.IsFinite(x) ? v : null).ToArray();
        var present = defined.OfType<double>().ToArray();
        if (present.Length == 0) return null;
        var mean = present.Average();
        double? half = null;
        if (present.Length > 1)
        {
            var sd = Math.Sqrt(present.Sum(v => (v - mean) * (v - mean)) / (present.Length - 1));
            half = StudentT.InvCDF(0, 1, present.Length - 1, 0.975) * sd / Math.Sqrt(present.Length);
        }

        return new ScoreInterval(mean, half, defined);
    }

    /// <inheritdoc />
    public override string ToString() => HalfWidth95 is { } h
        ? string.Create(CultureInfo.InvariantCulture, $"{Mean:F3} ± {h:F3}")
        : Mean.ToString("F3", CultureInfo.InvariantCulture);
}

/// <summary>
/// Repeated cross-validation: the same protocol scored on the test rows of several split seeds, each a model trained on
/// its own training rows, summarised per node target, for the idle baseline on the same rows, for overload and per node class.
/// </summary>
/// <param name="Split">The protocol, as <c>--split</c> names it.</param>
/// <param name="Seeds">The split seeds, in order.</param>
/// <param name="Targets">R² of each node target.</param>
/// <param name="IdleBaseline">R² of each node target held at the node's measured idle level, on the same rows.</param>
/// <param name="OverloadF1">Overload F1 (splits without an overloaded test row have none).</param>
/// <param name="OverloadBrier">Overload Brier score.</param>
/// <param name="ByNodeClass">Per node class, by key: <c>TARGET_r2</c>, <c>TARGET_coverage_q05_q95</c> (with quantile models) and <c>overload_f1</c>.</param>
/// <param name="Coverage">Share of the test truth inside q05..q95 for each node target (nominal 0.90), with quantile models.</param>
public sealed record RepeatedScores(
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("seeds")] IReadOnlyList<int> Seeds,
    [property: JsonPropertyName("r2")] IReadOnlyDictionary<string, ScoreInterval> Targets,
    [property: JsonPropertyName("idle_baseline_r2")] IReadOnlyDictionary<string, ScoreInterval> IdleBaseline,
    [property: JsonPropertyName("overload_f1")] ScoreInterval? OverloadF1,
    [property: JsonPropertyName("overload_brier")] ScoreInterval? OverloadBrier,
    [property: JsonPropertyName("by_node_class")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, ScoreInterval>> ByNodeClass,
    [property: JsonPropertyName("coverage_q05_q95")] IReadOnlyDictionary<string, ScoreInterval> Coverage)
{
    /// <summary>Summarises one test report per seed (same order as <paramref name="seeds"/>) over the node targets.</summary>
    public static RepeatedScores Of(string split, IReadOnlyList<int> seeds, IReadOnlyList<EvaluationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(reports);
        if (seeds.Count != reports.Count || reports.Count == 0) throw new ArgumentException("one report per seed, at least one", nameof(reports));
        var nodeTargets = reports[0].Targets.Keys.Where(n => n.EndsWith("_node", StringComparison.Ordinal)).ToArray();
        Dictionary<string, ScoreInterval> PerTarget(IReadOnlyList<EvaluationReport?> parts, Func<EvaluationReport, IReadOnlyDictionary<string, RegressionScore>?> scores, Func<RegressionScore, double?> score, string suffix = "") =>
            nodeTargets.Select(t => (Key: t + suffix, Interval: ScoreInterval.Of(parts.Select(p => p is not null && scores(p)?.GetValueOrDefault(t) is { } r ? score(r) : null).ToArray())))
                .Where(x => x.Interval is not null).ToDictionary(x => x.Key, x => x.Interval!, StringComparer.Ordinal);

        var classes = reports.SelectMany(r => r.ByNodeClass?.Keys ?? []).Distinct().Order(StringComparer.Ordinal);
        var byClass = classes.ToDictionary(c => c, c =>
        {
            var parts = reports.Select(r => r.ByNodeClass?.GetValueOrDefault(c)).ToArray();
            var scores = PerTarget(parts, p => p.Targets, r => r.R2, "_r2");
            foreach (var (key, interval) in PerTarget(parts, p => p.Targets, Inside, "_coverage_q05_q95")) scores[key] = interval;
            // F1 only where the class had overloaded test rows: with none, F1 is 0 whatever the model does.
            if (ScoreInterval.Of(parts.Select(p => p?.OverloadedNode is { Positives: > 0 } o ? o.F1 : (double?)null).ToArray()) is { } f1) scores["overload_f1"] = f1;
            return (IReadOnlyDictionary<string, ScoreInterval>)scores;
        }, StringComparer.Ordinal);
        return new RepeatedScores(split, seeds, PerTarget(reports, r => r.Targets, r => r.R2), PerTarget(reports, r => r.IdleBaseline, r => r.R2),
            ScoreInterval.Of(reports.Select(r => r.OverloadedNode is { Positives: > 0 } o ? o.F1 : (double?)null).ToArray()),
            ScoreInterval.Of(reports.Select(r => r.OverloadedNode?.Brier).ToArray()),
            byClass, PerTarget(reports, r => r.Targets, Inside));
    }

    private static double? Inside(RegressionScore score) => score.CoverageQ95 - score.CoverageQ05;

    /// <summary>A markdown section: one row per node target (ours and the idle baseline), overload, and the node classes.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"## Repeated over {Seeds.Count} split seeds ({string.Join(", ", Seeds)}), {Split} split").AppendLine();
        text.AppendLine("Mean ± half width of the 95 % t-interval of the mean; each seed's model is trained on its own training rows and scored on its test rows.").AppendLine();
        text.AppendLine("| score | mean ± 95 % | per seed |").AppendLine("|---|---|---|");
        string Row(string name, ScoreInterval s) => $"| {name} | {s} | {string.Join(", ", s.Values.Select(v => v is { } x ? x.ToString("F3", c) : "n/a"))} |";
        foreach (var (name, s) in Targets) text.AppendLine(Row($"{name} R²", s));
        foreach (var (name, s) in IdleBaseline) text.AppendLine(Row($"{name} R², idle baseline", s));
        if (OverloadF1 is { } f1) text.AppendLine(Row("overload F1", f1));
        if (OverloadBrier is { } brier) text.AppendLine(Row("overload Brier", brier));
        foreach (var (name, s) in Coverage) text.AppendLine(Row($"{name} q05..q95 coverage", s));
        foreach (var (nodeClass, scores) in ByNodeClass)
        {
            foreach (var (key, s) in scores) text.AppendLine(Row($"{nodeClass}: {Label(key)}", s));
        }

        return text.ToString();
    }

    private static string Label(string key) =>
        key == "overload_f1" ? "overload F1"
        : key.EndsWith("_coverage_q05_q95", StringComparison.Ordinal) ? key[..^"_coverage_q05_q95".Length] + " q05..q95 coverage"
        : key[..^"_r2".Length] + " R²";
}
