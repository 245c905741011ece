using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling.LightGbm;

namespace Faaswise.Modeling.Tests;

public class ConformalTests
{
    /// <summary>
    /// Node CPU = idle + 0.5 × rate, plus Gaussian noise whose spread differs by node class (SMALL ±4 % of a core,
    /// BIG ±20 %): 20 runs of 60 rows per class.
    /// </summary>
    private static Dataset Synthetic(int seed)
    {
#pragma warning disable CA5394 // a seeded test fixture
        var random = new Random(seed);
        double Noise(double sd) => sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
#pragma warning restore CA5394
        var rows = new List<SampleRow>();
        foreach (var (type, cores, sd) in new[] { ("SMALL", 2, 4.0), ("BIG", 8, 20.0) })
        {
            for (var run = 0; run < 20; run++)
            {
                for (var line = 0; line < 60; line++)
                {
                    var rate = line * 5.0 + run * 0.1 + seed * 0.01; // configurations differ between runs: no run is a restart of another
                    var idle = 5 + run % 3;
                    var cpu = Math.Max(0, idle + 0.5 * rate + Noise(sd));
                    rows.Add(new SampleRow($"{type}/run{run:00}-{seed}.csv", line, new NodeSpec(type, cores, null),
                        [new FunctionMeasurement("f", rate, 1, cpu - idle, 1e7, 1e5, 1, false, 1e7)],
                        new NodeMeasurement(idle, cpu, 2e9, 2e9 + rate * 1e5, 20, 21, 1e6, 1e6 + rate * 1e3, 0, false)));
                }
            }
        }

        return new Dataset("synthetic", rows, []);
    }

    private static double Covered(RegressionScore s) => s.CoverageQ95!.Value - s.CoverageQ05!.Value;

    [Fact]
    public void Margins_are_the_90th_percentile_miss_of_each_class_and_of_all()
    {
        // Class A: intervals [0, 10] around truths 1..10 (misses -1..-9, then 0); class B: truths 11..20 above [0, 10] by 1..10.
        string[] classes = [.. Enumerable.Repeat("A", 10), .. Enumerable.Repeat("B", 10)];
        double[] truth = [.. Enumerable.Range(1, 10).Select(i => (double)i), .. Enumerable.Range(11, 10).Select(i => (double)i)];
        var low = new double[20];
        var high = Enumerable.Repeat(10.0, 20).ToArray();

        var margins = ConformalMargins.Fit(classes, truth, low, high);

        Assert.Equal(0, margins["A"]); // misses -1..-9 and 0: the ceil(11 x 0.9) = 10th smallest
        Assert.Equal(10, margins["B"]);
        Assert.Equal(9, margins[TargetEntry.AnyNodeClass]); // ceil(21 x 0.9) = 19th of the 20 misses
        Assert.Equal((2.0, 2.0), ConformalMargins.Apply(1, 3, -5));
    }

    [Fact]
    public void Conformal_intervals_hold_about_90_percent_of_new_truth_in_each_node_class_whatever_its_noise()
    {
        var options = new TrainingOptions { Booster = new LightGbmParameters { Iterations = 40, MinRowsPerLeaf = 10 }, Smote = false };
        var trained = ForecasterTrainer.Train(Synthetic(1), options, "test");
        var model = new ForecastModel(trained.Manifest, path => trained.Files[path]);
        var fresh = Synthetic(2).Rows;

        var report = ForecastEvaluator.Evaluate(model, fresh);

        var cpu = trained.Manifest.Targets.Single(t => t.Target.Name == "cpu_usage_node");
        var plain = ForecasterTrainer.Train(Synthetic(1), options with { Conformal = false }, "test");
        var plainReport = ForecastEvaluator.Evaluate(new ForecastModel(plain.Manifest, path => plain.Files[path]), fresh);
        Assert.NotNull(cpu.Conformal);
        Assert.True(cpu.Conformal["BIG"] != cpu.Conformal["SMALL"], "one margin per node class");
        foreach (var (type, scores) in report.ByNodeClass!)
        {
            Assert.InRange(Covered(scores.Targets["cpu_usage_node"]), 0.85, 0.95);
        }

        // The ablation: the quantile models' own interval misses the noisy class's 90 %.
        Assert.True(Covered(plainReport.ByNodeClass!["BIG"].Targets["cpu_usage_node"]) < 0.85);

        var prediction = model.Predict(new Dictionary<string, double> { ["rate_function_f"] = 100, ["node_cores"] = 8, ["cpu_usage_idle_node"] = 6, ["ram_usage_idle_node"] = 2e9, ["power_usage_idle_node"] = 1e6 });
        var interval = prediction.Targets["cpu_usage_node"];
        Assert.True(interval.Low <= interval.Value && interval.Value <= interval.High, $"{interval.Low} <= {interval.Value} <= {interval.High}");
    }

    [Theory]
    [InlineData(SplitProtocol.Mix)]
    [InlineData(SplitProtocol.Grouped)]
    public void Every_training_row_calibrates_in_one_fold_and_no_unit_the_protocol_holds_out_is_split_between_folds(SplitProtocol protocol)
    {
        string[][] mixes = [["a", "b"], ["a", "c"], ["b", "c"], ["a", "d"], ["c", "d"], ["b", "d"], ["a", "b", "c"]];
        var rows = new List<SampleRow>();
        foreach (var type in new[] { "SMALL", "BIG" })
        {
            for (var run = 0; run < 14; run++)
            {
                var functions = mixes[run % mixes.Length];
                for (var line = 0; line < 5; line++)
                {
                    rows.Add(new SampleRow($"{type}/run{run:00}.csv", line, new NodeSpec(type, type == "BIG" ? 8 : 2, null),
                        functions.Select(f => new FunctionMeasurement(f, line * 10, 1, 1, 1e7, 1e5, 1, false, 1e7)).ToArray(),
                        new NodeMeasurement(5, 10, 2e9, 2e9, 20, 21, 1e6, 1e6, 0, false)));
                }
            }
        }

        var folds = ForecasterTrainer.CalibrationFolds([.. rows], protocol, 3);

        Assert.NotNull(folds);
        Assert.Equal(rows.Count, folds.Length);
        Assert.Equal(5, folds.Distinct().Count());
        Func<SampleRow, string> unit = protocol == SplitProtocol.Mix ? DatasetSplit.Mix : r => r.Run;
        Assert.All(rows.Select((r, i) => (Unit: unit(r), Fold: folds[i])).GroupBy(p => p.Unit), g => Assert.Single(g.Select(p => p.Fold).Distinct()));
        Assert.Null(ForecasterTrainer.CalibrationFolds([.. rows.Where(r => DatasetSplit.Mix(r) == "a+b")], SplitProtocol.Mix, 3));
        // Fewer units than folds: one unit a fold (two runs here, both of mix a+b), rather than no calibration.
        var two = rows.Where(r => r.Run is "SMALL/run00.csv" or "BIG/run00.csv").ToArray();
        Assert.Equal(2, ForecasterTrainer.CalibrationFolds(two, SplitProtocol.Grouped, 3)!.Distinct().Count());
    }
}
