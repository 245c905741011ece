using System.Globalization;
using System.Text;

namespace Faaswise.Modeling.Forecasting;

/// <summary>The human-readable training report, <c>metrics.md</c>.</summary>
public static class MetricsMarkdown
{
    /// <summary>Renders the test scores of a training run.</summary>
    public static string Render(TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var p = result.Manifest.Protocol;
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("# Forecaster test scores").AppendLine();
        var purged = result.Purged > 0 ? string.Create(c, $" ({result.Purged} test rows dropped: their configuration's iterations were also in training)") : "";
        text.AppendLine(c, $"Data `{result.Manifest.Data}`; {p.Split} split (test fraction {p.TestFraction}, seed {p.Seed}); {p.TrainRows} training rows, {p.TestRows} test rows{purged}.");
        var outliers = p.OutlierRule
            ? string.Create(c, $"DFaaS's, before the split ({result.OutliersReplaced} node CPU values replaced; test targets cleaned too, so scores are optimistic)")
            : "off";
        text.AppendLine(c, $"Outlier rule: {outliers}; scaling: {(p.Scaled ? "min-max, fitted on the training split" : "off")}; SMOTE-NC on the training split: {(p.Smote ? "on" : "off")}.");
        text.AppendLine(c, $"Features: {string.Join(", ", result.Manifest.Features.Select(f => $"`{f.Feature.Name}` ({f.Feature.Unit})"))}.").AppendLine();
        text.AppendLine("| target | unit | R² | RMSE | MAE | MAPE | q05 above truth | q95 above truth |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var entry in result.Manifest.Targets)
        {
            var s = result.Test.Targets[entry.Target.Name];
            text.AppendLine(c, $"| {entry.Target.Name} | {entry.Target.Unit} | {s.R2:F3} | {s.Rmse:G4} | {s.Mae:G4} | {s.Mape * 100:F1} % | {s.CoverageQ05:F3} | {s.CoverageQ95:F3} |");
        }

        if (result.Test.DescribeIdleBaseline(UnitsOf(result.Manifest)) is { } idle) text.AppendLine().AppendLine(idle);
        if (result.Test.OverloadedNode is { } o)
        {
            text.AppendLine().AppendLine("overloaded_node on the test rows: " + o.Describe(result.Manifest.OverloadLabel, result.Manifest.OverloadThreshold) + ".");
        }

        if (result.Test.ByNodeClass is { } classes)
        {
            var nodeTargets = result.Manifest.Targets.Select(t => t.Target.Name).Where(n => n.EndsWith("_node", StringComparison.Ordinal)).ToArray();
            text.AppendLine().AppendLine("By node class (pooled scores can hide a class the model serves badly):").AppendLine();
            text.AppendLine(c, $"| node class | test rows | {string.Join(" | ", nodeTargets.Select(n => n + " R²"))} | overload F1 |");
            text.AppendLine(c, $"|---|---|{string.Concat(nodeTargets.Select(_ => "---|"))}---|");
            foreach (var (name, report) in classes)
            {
                var f1 = report.OverloadedNode is { } co ? co.F1.ToString("F3", c) : "n/a";
                text.AppendLine(c, $"| {name} | {report.Rows} | {string.Join(" | ", nodeTargets.Select(n => report.Targets[n].R2.ToString("F3", c)))} | {f1} |");
            }
        }

        return text.ToString();
    }

    /// <summary>Each target's unit by name, for lines that print a score in it.</summary>
    public static Func<string, string> UnitsOf(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var units = manifest.Targets.ToDictionary(t => t.Target.Name, t => t.Target.Unit, StringComparer.Ordinal);
        return name => units.GetValueOrDefault(name, "");
    }
}
