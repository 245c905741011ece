using Faaswise.Modeling.Datasets;

namespace Faaswise.Modeling.Forecasting;

/// <summary>Scores a model on dataset rows, in each target's own unit.</summary>
public static class ForecastEvaluator
{
    /// <summary>
    /// The rows not from a run the model was trained on (as its manifest records them), and how many were left out;
    /// scoring a model on its training rows flatters it. A manifest without the record (older models) leaves every row.
    /// </summary>
    public static (IReadOnlyList<SampleRow> Rows, int LeftOut) HeldOut(ForecastModel model, IReadOnlyList<SampleRow> rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        if (model.Manifest.Protocol.TrainRuns is not { Count: > 0 } trained) return (rows, 0);
        var seen = trained.ToHashSet(StringComparer.Ordinal);
        var kept = rows.Where(r => !seen.Contains(ForecasterTrainer.RunName(r.Run))).ToArray();
        return (kept, rows.Count - kept.Length);
    }

    /// <summary>Predicts every row from what a caller at <paramref name="level"/> would send, and compares with what was measured.</summary>
    /// <exception cref="FormatException">The rows hold functions the model has no input for, or the model cannot serve the level.</exception>
    public static EvaluationReport Evaluate(ForecastModel model, IReadOnlyList<SampleRow> rows, InputLevel level = InputLevel.Measured)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        var covered = model.Manifest.Features.SelectMany(f => f.Feature.Functions).ToHashSet(StringComparer.Ordinal);
        var unknown = rows.SelectMany(r => r.Functions).Where(f => f.Rate > 0 && !covered.Contains(f.Name)).Select(f => f.Name).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new FormatException($"the data has functions the model has no input for: {string.Join(", ", unknown)} (assign them to a group first: faaswise assign)");
        }

        rows = OverloadLabels.Apply(rows, OverloadLabels.Parse(model.Manifest.OverloadLabel));
        var inputs = rows.Select(model.Inputs).ToArray();
        if (level != InputLevel.Measured) AssumeBaselines(model, rows, inputs, level);
        var batch = model.PredictBatch(inputs, rows.Select(r => r.Node.Type).ToArray());
        var all = Enumerable.Range(0, rows.Count).ToArray();
        var classes = rows.Select(r => r.Node.Type).Distinct().Order(StringComparer.Ordinal).ToArray();
        var byClass = classes.Length < 2 ? null
            : classes.ToDictionary(c => c, c => Score(model, rows, batch, all.Where(i => rows[i].Node.Type == c).ToArray(), null), StringComparer.Ordinal);
        return Score(model, rows, batch, all, byClass);
    }

    /// <summary>Puts in each baseline input what the model assumes when a request leaves it out: its node class's median idle value.</summary>
    private static void AssumeBaselines(ForecastModel model, IReadOnlyList<SampleRow> rows, double[][] inputs, InputLevel level)
    {
        var features = model.Manifest.Features.Select(f => f.Feature).ToArray();
        if (level == InputLevel.GroupRates && features.Any(f => f.Source == FeatureSource.FunctionRate))
        {
            throw new FormatException("input level c sends group rates, and this model reads one rate per function: train it with --groups to serve that caller");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var node = model.Manifest.Nodes.FirstOrDefault(n => n.Type == rows[i].Node.Type);
            for (var c = 0; c < features.Length; c++)
            {
                if (!features[c].IsBaseline) continue;
                if (node is null || !node.Baseline.TryGetValue(features[c].Name, out var median))
                {
                    throw new FormatException($"the model has no idle baseline for node class {rows[i].Node.Type} to assume: score it at input level a");
                }

                inputs[i][c] = median;
            }
        }
    }

    private static EvaluationReport Score(ForecastModel model, IReadOnlyList<SampleRow> rows, BatchForecast batch, int[] at, IReadOnlyDictionary<string, EvaluationReport>? byClass)
    {
        static double[] Pick(IReadOnlyList<double> values, int[] at) => at.Select(i => values[i]).ToArray();
        var scores = new Dictionary<string, RegressionScore>(StringComparer.Ordinal);
        var idle = new Dictionary<string, RegressionScore>(StringComparer.Ordinal);
        foreach (var entry in model.Manifest.Targets)
        {
            var truth = at.Select(i => entry.Target.ValueOf(rows[i])).ToArray();
            var (point, q05, q95) = batch.Targets[entry.Target.Name];
            scores[entry.Target.Name] = RegressionScore.Compute(truth, Pick(point, at), q05 is null ? null : Pick(q05, at), q95 is null ? null : Pick(q95, at), entry.Max - entry.Min);
            if (entry.Target.IsNode) idle[entry.Target.Name] = RegressionScore.Compute(truth, at.Select(i => entry.Target.BaselineOf(rows[i])).ToArray(), null, null, entry.Max - entry.Min);
        }

        var overload = batch.OverloadProbability is null ? null
            : ClassificationScore.Compute(at.Select(i => rows[i].Measured.Overloaded).ToArray(), Pick(batch.OverloadProbability, at), model.Manifest.OverloadThreshold);
        return new EvaluationReport(at.Length, scores, overload, byClass, idle.Count > 0 ? idle : null);
    }
}
