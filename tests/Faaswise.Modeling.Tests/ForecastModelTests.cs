using Faaswise.Modeling.Forecasting;
using Faaswise.Testing;

namespace Faaswise.Modeling.Tests;

public class ForecastModelTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static readonly Dictionary<string, double> Input = new()
    {
        ["rate_group_HIGH_USAGE"] = 20, ["rate_group_LOW_USAGE"] = 100, ["rate_group_MEDIUM_USAGE"] = 50, ["node_type"] = 0,
    };

    [Fact]
    public void Directory_holds_a_model_per_target_and_quantile_with_checksums()
    {
        var manifest = fixture.Result.Manifest;
        Assert.Equal(15, manifest.Targets.Count);
        foreach (var t in manifest.Targets)
        {
            foreach (var file in new[] { t.Point, t.Q05!, t.Q95! })
            {
                Assert.StartsWith("tree", File.ReadAllText(Path.Combine(fixture.Directory, file)), StringComparison.Ordinal);
            }
        }

        Assert.True(File.Exists(Path.Combine(fixture.Directory, "models", "overloaded_node", "classifier.txt")));
        Assert.True(File.Exists(Path.Combine(fixture.Directory, "metrics.json")));
        Assert.Contains("| cpu_usage_node | percent of one core |", File.ReadAllText(Path.Combine(fixture.Directory, "metrics.md")), StringComparison.Ordinal);
        var loaded = ModelDirectory.Load(fixture.Directory);
        Assert.Equal(48, loaded.Manifest.Checksums.Count);
        Assert.Equal(["rate_group_HIGH_USAGE", "rate_group_LOW_USAGE", "rate_group_MEDIUM_USAGE", "node_cores", "demand_cpu", "demand_ram", "demand_power",
            "rate_group_HIGH_USAGE_per_core", "rate_group_LOW_USAGE_per_core", "rate_group_MEDIUM_USAGE_per_core", "demand_cpu_per_core", "cpu_usage_idle_node", "ram_usage_idle_node", "power_usage_idle_node"],
            loaded.Manifest.Features.Select(f => f.Feature.Name));
        Assert.Equal((0, 90), (loaded.Manifest.Features[0].Min, loaded.Manifest.Features[0].Max));
    }

    [Fact]
    public void The_recorded_split_gives_back_the_rows_the_model_was_scored_on()
    {
        var manifest = ModelDirectory.Load(fixture.Directory).Manifest;

        var split = DatasetSplit.Recorded(fixture.Data.Rows, manifest.Protocol);

        Assert.Equal(manifest.Protocol.TestRuns, split.TestRuns);
        Assert.Equal(manifest.Protocol.TestRows, split.Test.Length);
        Assert.Equal(manifest.Protocol.TrainRows, split.Train.Length);
    }

    [Fact]
    public void Scores_come_per_node_class_beside_the_pooled_ones_and_serialise()
    {
        var (model, rows) = (ModelDirectory.Load(fixture.Directory), HeavyThenMid(500));

        var report = ForecastEvaluator.Evaluate(model, rows);

        Assert.NotNull(report.ByNodeClass);
        Assert.Equal(["HEAVY", "MID"], report.ByNodeClass.Keys);
        Assert.Equal(report.Rows, report.ByNodeClass.Values.Sum(r => r.Rows));
        Assert.All(report.ByNodeClass.Values, r => Assert.Null(r.ByNodeClass));
        Assert.NotEqual(report.Targets["cpu_usage_node"].R2, report.ByNodeClass["MID"].Targets["cpu_usage_node"].R2);
        var json = System.Text.Json.JsonSerializer.Serialize(report, ModelingJson.Compact);
        Assert.Contains("\"by_node_class\":{\"HEAVY\":{\"rows\":500", json, StringComparison.Ordinal);
        Assert.Null(ForecastEvaluator.Evaluate(model, fixture.Data.Rows.Take(100).ToArray()).ByNodeClass);
    }

    [Fact]
    public void The_idle_baseline_holds_each_node_target_at_the_measured_idle_level_on_the_same_rows()
    {
        var (model, rows) = (ModelDirectory.Load(fixture.Directory), HeavyThenMid(300));

        var report = ForecastEvaluator.Evaluate(model, rows);

        Assert.NotNull(report.IdleBaseline);
        Assert.Equal(["cpu_usage_node", "ram_usage_node", "power_usage_node"], report.IdleBaseline.Keys);
        var cpu = rows.Select(r => r.Measured.Cpu).ToArray();
        var mean = cpu.Average();
        var r2 = 1 - rows.Sum(r => Math.Pow(r.Measured.Cpu - r.Measured.CpuIdle, 2)) / cpu.Sum(y => (y - mean) * (y - mean));
        Assert.Equal(r2, report.IdleBaseline["cpu_usage_node"].R2, 9);
        Assert.True(report.Targets["cpu_usage_node"].R2 > report.IdleBaseline["cpu_usage_node"].R2);
        var midRows = rows.Where(r => r.Node.Type == "MID").ToArray();
        var midRmse = Math.Sqrt(midRows.Average(r => Math.Pow(r.Measured.Ram - r.Measured.RamIdle, 2)));
        Assert.Equal(midRmse, report.ByNodeClass!["MID"].IdleBaseline!["ram_usage_node"].Rmse, 6);
        Assert.Contains("\"idle_baseline\":{\"cpu_usage_node\":", System.Text.Json.JsonSerializer.Serialize(report, ModelingJson.Compact), StringComparison.Ordinal);
        Assert.Contains("; ram_usage_node R² ", report.DescribeIdleBaseline(MetricsMarkdown.UnitsOf(model.Manifest)), StringComparison.Ordinal);
        Assert.Contains(" bytes; power_usage_node", report.DescribeIdleBaseline(MetricsMarkdown.UnitsOf(model.Manifest)), StringComparison.Ordinal);
    }

    private Faaswise.Modeling.Datasets.SampleRow[] HeavyThenMid(int each) =>
        [.. fixture.Data.Rows.Take(each), .. Faaswise.Modeling.Datasets.DatasetLoader.Load(SharedData.Path("runs", "MID")).Rows.Take(each)];

    [Fact]
    public void A_changed_file_is_refused_on_load()
    {
        using var copy = new TempDirectory();
        foreach (var file in Directory.GetFiles(fixture.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Path, Path.GetRelativePath(fixture.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.AppendAllText(Path.Combine(copy.Path, "models", "cpu_usage_node", "regression.txt"), "\n");

        var error = Assert.Throws<FormatException>(() => ModelDirectory.Load(copy.Path));
        Assert.Contains("models/cpu_usage_node/regression.txt does not match its checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_never_replaces_a_directory_that_is_not_a_model()
    {
        using var dir = new TempDirectory();
        dir.Write("notes.txt", "mine");

        Assert.Contains("is not a model directory", Assert.Throws<FormatException>(() => ModelDirectory.Save(fixture.Result, dir.Path)).Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "notes.txt")));

        var model = Path.Combine(dir.Path, "model");
        ModelDirectory.Save(fixture.Result, model);
        ModelDirectory.Save(fixture.Result, model);
        Assert.Equal(["model", "notes.txt"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Same_seed_trains_the_same_models()
    {
        var again = ForecasterTrainer.Train(fixture.Data, fixture.Options, "test");

        Assert.Equal(fixture.Result.Files["models/cpu_usage_node/regression.txt"], again.Files["models/cpu_usage_node/regression.txt"]);
        Assert.Equal(fixture.Result.Files["models/overloaded_node/classifier.txt"], again.Files["models/overloaded_node/classifier.txt"]);
        Assert.Equal(fixture.Result.Test.Targets["ram_usage_node"], again.Test.Targets["ram_usage_node"]);
    }

    [Fact]
    public void Prediction_has_an_ordered_interval_and_assumes_the_node_classes_median_baseline()
    {
        var model = ModelDirectory.Load(fixture.Directory);

        var forecast = model.Predict(Input);

        var cpu = forecast.Targets["cpu_usage_node"];
        Assert.True(cpu.Low <= cpu.High);
        Assert.InRange(cpu.Value, 60, 600);
        Assert.False(forecast.Extrapolated);
        Assert.Equal(3, forecast.Assumed.Count);
        Assert.Contains(forecast.Assumed, a => a.StartsWith("ram_usage_idle_node=", StringComparison.Ordinal) && a.EndsWith("(HEAVY median idle)", StringComparison.Ordinal));
        Assert.InRange(forecast.OverloadProbability!.Value, 0, 1);
    }

    [Fact]
    public void Field_order_does_not_change_a_prediction()
    {
        var model = ModelDirectory.Load(fixture.Directory);
        var permuted = Input.Reverse().ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(model.Predict(Input).Targets["power_usage_node"], model.Predict(permuted).Targets["power_usage_node"]);
    }

    [Fact]
    public void Inputs_outside_the_training_range_are_flagged()
    {
        var model = ModelDirectory.Load(fixture.Directory);

        var forecast = model.Predict(new Dictionary<string, double>(Input) { ["rate_group_HIGH_USAGE"] = 200 });

        Assert.True(forecast.Extrapolated);
        Assert.Equal(["rate_group_HIGH_USAGE=200 (0..90)"], forecast.OutsideDomain);
    }

    [Fact]
    public void Bad_requests_name_what_is_wrong()
    {
        var model = ModelDirectory.Load(fixture.Directory);

        Assert.Contains("unknown field 'rate_group_HIGH'", Assert.Throws<FormatException>(() => model.Predict(new Dictionary<string, double> { ["rate_group_HIGH"] = 1, ["node_type"] = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("the node is missing", Assert.Throws<FormatException>(() => model.Predict(new Dictionary<string, double> { ["rate_group_HIGH_USAGE"] = 1 })).Message, StringComparison.Ordinal);
        Assert.Contains("node_type must be 0", Assert.Throws<FormatException>(() => model.Predict(new Dictionary<string, double> { ["node_type"] = 7 })).Message, StringComparison.Ordinal);
        Assert.Contains("finite number", Assert.Throws<FormatException>(() => model.Predict(new Dictionary<string, double> { ["node_type"] = 0, ["rate_group_LOW_USAGE"] = -1 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_on_other_runs_scores_every_target()
    {
        var model = ModelDirectory.Load(fixture.Directory);
        var mid = Modeling.Datasets.DatasetLoader.Load(SharedData.Path("runs", "MID", "results-2023-11-17_11-37-30-0-30s.csv"));

        var report = ForecastEvaluator.Evaluate(model, mid.Rows);

        Assert.Equal(mid.Rows.Count, report.Rows);
        Assert.Equal(model.TargetNames, report.Targets.Keys);
        Assert.InRange(report.Targets["cpu_usage_node"].CoverageQ95!.Value, 0, 1);
        Assert.NotNull(report.OverloadedNode);
    }
}
