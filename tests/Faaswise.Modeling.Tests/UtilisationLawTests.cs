using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling.LightGbm;
using Faaswise.Modeling.Profiling;

namespace Faaswise.Modeling.Tests;

/// <summary>
/// A node that obeys the utilisation law: CPU = idle + sum over functions of demand x rate, saturating at the node's
/// 2 cores, overloaded from 90 % of them. Each run loads one pair of four functions on a 0..100 req/s grid.
/// </summary>
public class UtilisationLawTests
{
    private static readonly Dictionary<string, double> Demand = new(StringComparer.Ordinal) { ["a"] = 0.4, ["b"] = 1.6, ["c"] = 0.8, ["d"] = 1.2 };
    private static readonly LightGbmParameters Small = new() { Iterations = 60, MinRowsPerLeaf = 10 };

    private static List<SampleRow> Runs(params string[] mixes)
    {
#pragma warning disable CA5394 // a seeded test fixture
        var random = new Random(7);
#pragma warning restore CA5394
        var rows = new List<SampleRow>();
        foreach (var mix in mixes)
        {
            for (var run = 0; run < 3; run++)
            {
                var line = 0;
                for (var r0 = 0; r0 <= 100; r0 += 10)
                {
                    for (var r1 = 0; r1 <= 100; r1 += 10)
                    {
                        // Runs differ by a fraction of a request/s: the grouped split purges a test run's restarts from training.
                        var offset = run * 0.1 + Array.IndexOf(mixes, mix) * 0.01;
                        var rates = new[] { (Name: mix[..1], Rate: r0 + offset), (Name: mix[1..], Rate: r1 + offset) };
#pragma warning disable CA5394
                        var idle = 4 + random.NextDouble();
                        var load = rates.Sum(f => Demand[f.Name] * f.Rate) * (0.97 + 0.06 * random.NextDouble());
#pragma warning restore CA5394
                        var cpu = Math.Min(200, idle + load);
                        var functions = rates.Select(f => new FunctionMeasurement(f.Name, f.Rate, 1, Demand[f.Name] * f.Rate, 2e7 + f.Rate * 1e5, 1e3 * f.Rate, 1, false, 1e7)).ToArray();
                        rows.Add(new SampleRow($"N/{mix}-{run}.csv", line++, new NodeSpec("N", 2, null), functions,
                            new NodeMeasurement(idle, cpu, 1e9, 1e9 + functions.Sum(f => f.RamUsage), 20, 30, 1e6, 1e6 + 50 * load, 0, idle + load >= 180)));
                    }
                }
            }
        }

        return rows;
    }

    private static (TrainingResult Result, ForecastModel Model) Train(IReadOnlyList<SampleRow> rows, TrainingOptions options)
    {
        var result = ForecasterTrainer.Train(new Dataset("synthetic", rows, []), options with { Booster = Small }, "test");
        return (result, new ForecastModel(result.Manifest, path => result.Files[path]));
    }

    [Fact]
    public void A_curve_is_zero_at_rate_zero_linear_from_there_and_between_bin_medians_and_extended_with_the_last_slope()
    {
        var curve = DemandCurve.Fit([(10, 1), (10, 3), (10, 2), (20, 4), (20, 4), (0, 99)])!;

        Assert.Equal([10.0, 20.0], curve.Rates);
        Assert.Equal([2.0, 4.0], curve.Usage);
        Assert.Equal(0, curve.At(0));
        Assert.Equal(1, curve.At(5));
        Assert.Equal(3, curve.At(15));
        Assert.Equal(6, curve.At(30));
        Assert.Null(DemandCurve.Fit([(0, 1)]));
        Assert.Equal([5.0, 5.0], DemandCurve.Fit([(10, 5), (20, 3)])!.Usage); // demand never falls as the rate rises
    }

    [Fact]
    public void A_mix_never_sampled_is_predicted_from_what_its_functions_demand_in_other_mixes()
    {
        var seen = Runs("ab", "ac", "bd", "cd");
        var unseen = Runs("ad", "bc");
        var options = new TrainingOptions { Split = SplitProtocol.Grouped };

        var (_, withDemand) = Train(seen, options);
        var (_, without) = Train(seen, options with { Demand = false });
        var scored = ForecastEvaluator.Evaluate(withDemand, unseen);
        var ablation = ForecastEvaluator.Evaluate(without, unseen);

        Assert.True(scored.Targets["cpu_usage_node"].R2 >= 0.95, $"R² {scored.Targets["cpu_usage_node"].R2}");
        Assert.True(scored.Targets["cpu_usage_node"].R2 > ablation.Targets["cpu_usage_node"].R2, $"{scored.Targets["cpu_usage_node"].R2} vs {ablation.Targets["cpu_usage_node"].R2} without demand");
        Assert.True(scored.OverloadedNode!.F1 >= 0.8, $"F1 {scored.OverloadedNode.F1}");
        Assert.InRange(scored.OverloadedNode.Brier, 0, 0.1);
    }

    [Fact]
    public void Node_targets_and_the_overload_probability_never_fall_as_a_rate_rises()
    {
        var (_, model) = Train(Runs("ab", "ac", "bd", "cd"), new TrainingOptions());
        Forecast At(double rate) => model.Predict(new Dictionary<string, double> { ["rate_function_b"] = rate, ["rate_function_d"] = 40, ["node_cores"] = 2, ["cpu_usage_idle_node"] = 4.5, ["ram_usage_idle_node"] = 1e9, ["power_usage_idle_node"] = 1e6 });

        var previous = At(0);
        for (var rate = 1.0; rate <= 140; rate += 1)
        {
            var next = At(rate);
            foreach (var target in (string[])["cpu_usage_node", "ram_usage_node", "power_usage_node"])
            {
                Assert.True(next.Targets[target].Value >= previous.Targets[target].Value, $"{target} fell from {previous.Targets[target].Value} to {next.Targets[target].Value} at {rate} req/s");
            }

            Assert.True(next.OverloadProbability >= previous.OverloadProbability, $"overload probability fell at {rate} req/s");
            previous = next;
        }
    }

    [Fact]
    public void Node_cpu_and_its_interval_never_exceed_the_nodes_cores()
    {
        var (_, model) = Train(Runs("ab", "ac", "bd", "cd"), new TrainingOptions());

        var far = model.Predict(new Dictionary<string, double> { ["rate_function_b"] = 2000, ["rate_function_d"] = 2000, ["node_cores"] = 2, ["cpu_usage_idle_node"] = 4.5, ["ram_usage_idle_node"] = 1e9, ["power_usage_idle_node"] = 1e6 });
        var cpu = far.Targets["cpu_usage_node"];

        Assert.True(far.Extrapolated);
        Assert.InRange(cpu.Value, 0, 200);
        Assert.InRange(cpu.High!.Value, 0, 200);
        Assert.InRange(cpu.Low!.Value, 0, cpu.High.Value);
    }

    [Fact]
    public void A_function_known_only_from_its_profile_gets_its_demand_from_the_profile()
    {
        var rows = Runs("ab", "ac", "bc", "ad", "bd");
        var profile = Enumerable.Range(1, 10).Select(i => new ProfileRow("d", i * 10, [1, Demand["d"] * i * 10, 2e7 + i * 1e6, 1e4 * i, 0, 1e7])).ToArray();
        var options = new TrainingOptions { Split = SplitProtocol.Function, Holdout = "d" };

        var (profiled, _) = Train(rows, options with { Profiles = profile });
        var (blind, _) = Train(rows, options);

        var term = profiled.Manifest.Features.Single(f => f.Feature.Name == "demand_cpu").Feature.Terms!.Single(t => t.Rate == "rate_function_d");
        Assert.Equal("profile", term.From);
        Assert.DoesNotContain(blind.Manifest.Features.Single(f => f.Feature.Name == "demand_cpu").Feature.Terms!, t => t.Rate == "rate_function_d");
        Assert.True(profiled.Test.Targets["cpu_usage_node"].R2 >= 0.9, $"R² {profiled.Test.Targets["cpu_usage_node"].R2}");
        Assert.True(profiled.Test.Targets["cpu_usage_node"].R2 > blind.Test.Targets["cpu_usage_node"].R2);
    }

    [Fact]
    public void The_threshold_is_the_f1_best_and_scores_use_it()
    {
        bool[] truth = [false, false, true, true];
        double[] probability = [0.1, 0.3, 0.35, 0.9];

        Assert.Equal(0.35, ClassificationScore.BestThreshold(truth, probability), 6); // 0.31..0.35 separate the classes; 0.35 is nearest 0.5
        Assert.Equal(1, ClassificationScore.Compute(truth, probability, 0.35).F1);
        Assert.Equal(0.5, ClassificationScore.BestThreshold([false, false], [0.2, 0.9]));
        Assert.Equal((0.01 + 0.09 + 0.4225 + 0.01) / 4, ClassificationScore.Compute(truth, probability).Brier, 9);
    }
}

public class OverloadLabelTests
{
    private static SampleRow Row(string run, double rate, bool overloaded) =>
        new(run, 0, new NodeSpec("N", 2, null), [new FunctionMeasurement("f", rate, 1, 1, 1, 1, 1, overloaded, 1)],
            new NodeMeasurement(1, 2, 1, 2, 1, 2, 1, 2, 0, overloaded));

    [Fact]
    public void Majority_and_every_read_the_iterations_of_one_configuration_within_one_run()
    {
        SampleRow[] rows =
        [
            Row("r1", 10, true), Row("r1", 10, true), Row("r1", 10, false), // 2 of 3
            Row("r1", 20, true), Row("r1", 20, false), Row("r1", 20, false), // 1 of 3
            Row("r2", 20, true), Row("r2", 20, true), Row("r2", 20, true), // the same configuration in another run: 3 of 3
        ];

        bool[] Labels(OverloadLabel label) => OverloadLabels.Apply(rows, label).Select(r => r.Measured.Overloaded).ToArray();

        Assert.Equal(rows.Select(r => r.Measured.Overloaded), Labels(OverloadLabel.Iteration));
        Assert.Equal([true, true, true, false, false, false, true, true, true], Labels(OverloadLabel.Majority));
        Assert.Equal([false, false, false, false, false, false, true, true, true], Labels(OverloadLabel.Every));
        Assert.Equal(OverloadLabel.Majority, OverloadLabels.Parse(OverloadLabels.Name(OverloadLabel.Majority)));
        Assert.Throws<FormatException>(() => OverloadLabels.Parse("most"));
    }
}
