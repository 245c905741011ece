using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise evaluate</c>: scores a model directory on a dataset.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "Model directory (faaswise train's output)", Required = true };
        var data = new Option<string>("--data") { Description = "Dataset directory or results file to score on", Required = true };
        var includeTraining = new Option<bool>("--include-training") { Description = "Also score rows from runs the model was trained on (left out by default: they flatter it)" };
        var inputs = new Option<string>("--inputs") { Description = "What the caller sends: a: rates, node and the measured idle baseline; b: rates and node (the model assumes its node class's median baseline); c: group rates and node_type, as the DFaaS agent (a model trained with --groups)", DefaultValueFactory = _ => "a" };
        var json = new Option<bool>("--json") { Description = "Print {\"rows\", \"targets\": {name: {r2, rmse, mae, mape, coverage_q05, coverage_q95}}, \"overloaded_node\"}" };
        var command = new Command("evaluate", "Score a model directory on a dataset: R², RMSE, MAE, MAPE and quantile coverage per target, overload accuracy/precision/recall/F1.")
        {
            model, data, includeTraining, inputs, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            InputLevel level;
            try
            {
                level = InputLevels.Parse(parse.GetValue(inputs)!);
            }
            catch (FormatException e)
            {
                throw new UsageException($"--inputs: {e.Message}");
            }

            var forecaster = ModelDirectory.Load(parse.GetValue(model)!);
            var dataset = DatasetLoader.Load(parse.GetValue(data)!);
            await TrainCommand.ReportIssuesAsync(console, dataset).ConfigureAwait(false);
            var rows = dataset.Rows;
            if (!parse.GetValue(includeTraining))
            {
                (rows, var leftOut) = ForecastEvaluator.HeldOut(forecaster, dataset.Rows);
                if (rows.Count == 0)
                {
                    throw new UsageException($"every row of {dataset.Directory} is from a run the model was trained on: score it on other runs, or give --include-training to score its training rows");
                }

                if (leftOut > 0)
                {
                    await console.Error.WriteLineAsync($"evaluate: left out {leftOut} of {dataset.Rows.Count} rows, from runs the model was trained on (--include-training scores them too)").ConfigureAwait(false);
                }
            }

            var report = ForecastEvaluator.Evaluate(forecaster, rows, level);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, Modeling.ModelingJson.Compact)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var c = CultureInfo.InvariantCulture;
            await console.Out.WriteLineAsync(string.Create(c, $"{report.Rows} rows of {dataset.Directory}")).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{"target",-30} {"unit",-20} {"R²",7} {"RMSE",11} {"MAE",11} {"MAPE",8} {"q05>y",6} {"q95>y",6}").ConfigureAwait(false);
            foreach (var entry in forecaster.Manifest.Targets)
            {
                var s = report.Targets[entry.Target.Name];
                await console.Out.WriteLineAsync(string.Create(c,
                    $"{entry.Target.Name,-30} {entry.Target.Unit,-20} {s.R2,7:F3} {s.Rmse,11:G4} {s.Mae,11:G4} {s.Mape * 100,7:F1}% {s.CoverageQ05,6:F3} {s.CoverageQ95,6:F3}")).ConfigureAwait(false);
            }

            if (report.DescribeIdleBaseline(MetricsMarkdown.UnitsOf(forecaster.Manifest)) is { } idle) await console.Out.WriteLineAsync(idle).ConfigureAwait(false);
            if (report.OverloadedNode is { } o)
            {
                await console.Out.WriteLineAsync("overloaded_node: " + o.Describe(forecaster.Manifest.OverloadLabel, forecaster.Manifest.OverloadThreshold)).ConfigureAwait(false);
            }

            foreach (var (name, part) in report.ByNodeClass ?? new Dictionary<string, EvaluationReport>())
            {
                var r2 = string.Join(", ", forecaster.Manifest.Targets.Where(t => t.Target.Name.EndsWith("_node", StringComparison.Ordinal))
                    .Select(t => string.Create(c, $"{t.Target.Name} R² {part.Targets[t.Target.Name].R2:F3}")));
                var f1 = part.OverloadedNode is { } po ? string.Create(c, $", overload F1 {po.F1:F3}") : "";
                await console.Out.WriteLineAsync(string.Create(c, $"{name}: {part.Rows} rows; {r2}{f1}")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
