using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling.LightGbm;

namespace Faaswise.Modeling.Tests;

/// <summary>
/// Function f saturates at 15 requests/s per core and g at 40, on every node size: the node is overloaded from there.
/// SMALL (2 cores) ran f up to 40 requests/s and MID (4 cores) up to 80 (20 per core each); BIG (6 cores) ran f only
/// up to 16 (2.7 per core), so no training row shows where f saturates on BIG.
/// </summary>
public class LoadPerCoreTests
{
    private static readonly LightGbmParameters Small = new() { Iterations = 60, MinRowsPerLeaf = 10 };

    private static IEnumerable<SampleRow> Runs(string nodeClass, int cores, int fMax, int gMax)
    {
        for (var run = 0; run < 3; run++)
        {
            var line = 0;
            for (var f = 0; f <= fMax; f += fMax / 8)
            {
                for (var g = 0; g <= gMax; g += gMax / 10)
                {
                    var (rf, rg) = (f + run * 0.1, g + run * 0.1);
                    var overloaded = rf / cores >= 15 || rg / cores >= 40;
                    FunctionMeasurement[] functions =
                    [
                        new("f", rf, overloaded ? 0.5 : 1, rf, 2e7, 1e3 * rf, 1, rf / cores >= 15, 1e7),
                        new("g", rg, overloaded ? 0.5 : 1, rg / 4, 2e7, 1e3 * rg, 1, rg / cores >= 40, 1e7),
                    ];
                    var cpu = Math.Min(100 * cores, 10 + rf + rg / 4);
                    yield return new SampleRow($"{nodeClass}/fg-{run}.csv", line++, new NodeSpec(nodeClass, cores, null), functions,
                        new NodeMeasurement(10, cpu, 1e9, 1e9 + 4e7, 20, 30, 1e6, 1e6 + 50 * cpu, 0, overloaded));
                }
            }
        }
    }

    private static readonly Dataset Data = new("synthetic", [.. Runs("SMALL", 2, 40, 100), .. Runs("MID", 4, 80, 200), .. Runs("BIG", 6, 16, 300)], []);

    private static ForecastModel Train(TrainingOptions options)
    {
        var result = ForecasterTrainer.Train(Data, options with { Booster = Small, Quantiles = false }, "test");
        return new ForecastModel(result.Manifest, path => result.Files[path]);
    }

    private static bool Overloaded(ForecastModel model, double f) =>
        model.Predict(new Dictionary<string, double> { ["rate_function_f"] = f, ["rate_function_g"] = 0, ["node_cores"] = 6, ["cpu_usage_idle_node"] = 10, ["ram_usage_idle_node"] = 1e9, ["power_usage_idle_node"] = 1e6 }).Overloaded!.Value;

    [Fact]
    public void Where_a_function_saturates_per_core_on_one_node_class_the_classifier_carries_to_another()
    {
        var model = Train(new TrainingOptions());
        var plain = Train(new TrainingOptions { PerCore = false });

        Assert.Contains(model.Manifest.Features, f => f.Feature.Name == "rate_function_f_per_core");
        Assert.False(Overloaded(model, 60), "BIG at 10 requests/s per core of f");
        Assert.True(Overloaded(model, 100), "BIG at 16.7 requests/s per core of f");
        // The ablation: from rates and cores alone, BIG gets the saturation rate of a class it is nearest to.
        Assert.True(Overloaded(plain, 60) || !Overloaded(plain, 100));
    }

    [Fact]
    public void Load_per_core_is_derived_from_the_rates_and_the_node_never_sent_and_only_the_classifier_reads_it()
    {
        var result = ForecasterTrainer.Train(Data, new TrainingOptions { Booster = Small, Quantiles = false }, "test");
        var model = new ForecastModel(result.Manifest, path => result.Files[path]);
        var columns = result.Manifest.Features.Select(f => f.Feature.Name).ToList();
        var perCore = new[] { columns.IndexOf("rate_function_f_per_core"), columns.IndexOf("rate_function_g_per_core"), columns.IndexOf("demand_cpu_per_core") };

        Assert.DoesNotContain(-1, perCore);
        Assert.All(result.Manifest.Targets, t => Assert.DoesNotContain(perCore, c => SplitColumns(result.Files[t.Point]).Contains(c)));
        Assert.Contains(perCore, c => SplitColumns(result.Files[result.Manifest.Classifier!]).Contains(c));
        var error = Assert.Throws<FormatException>(() => model.Predict(new Dictionary<string, double> { ["rate_function_f_per_core"] = 10, ["node_cores"] = 6, ["cpu_usage_idle_node"] = 10, ["ram_usage_idle_node"] = 1e9, ["power_usage_idle_node"] = 1e6 }));
        Assert.Contains("unknown field 'rate_function_f_per_core'", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => model.Predict(new Dictionary<string, double> { ["rate_function_f"] = 10, ["node_cores"] = 0, ["cpu_usage_idle_node"] = 10, ["ram_usage_idle_node"] = 1e9, ["power_usage_idle_node"] = 1e6 }));
    }

    // The feature columns a LightGBM model text splits on.
    private static HashSet<int> SplitColumns(string model) =>
        model.Split('\n').Where(l => l.StartsWith("split_feature=", StringComparison.Ordinal))
            .SelectMany(l => l["split_feature=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToHashSet();
}
