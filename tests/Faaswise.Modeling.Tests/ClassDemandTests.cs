using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling.LightGbm;
using Faaswise.Modeling.Profiling;

namespace Faaswise.Modeling.Tests;

/// <summary>
/// Two node classes on which the same request costs different CPU: on LARGE (8 cores) every function uses 1.5 times
/// what it uses on SMALL (4 cores). SMALL ran function d; LARGE never did. CPU = idle + sum of demand x rate x cost.
/// </summary>
public class ClassDemandTests
{
    private static readonly Dictionary<string, double> Demand = new(StringComparer.Ordinal) { ["a"] = 0.4, ["b"] = 1.6, ["c"] = 0.8, ["d"] = 1.2 };
    private static readonly Dictionary<string, (int Cores, double Cost)> Classes = new(StringComparer.Ordinal) { ["SMALL"] = (4, 1.0), ["LARGE"] = (8, 1.5) };
    private static readonly LightGbmParameters Small = new() { Iterations = 60, MinRowsPerLeaf = 10 };

    private static List<SampleRow> Runs(string nodeClass, params string[] mixes)
    {
#pragma warning disable CA5394 // a seeded test fixture
        var random = new Random(nodeClass.Length * 31 + mixes.Length);
        var (cores, cost) = Classes[nodeClass];
        var rows = new List<SampleRow>();
        foreach (var mix in mixes)
        {
            for (var run = 0; run < 2; run++)
            {
                var line = 0;
                for (var r0 = 0; r0 <= 100; r0 += 10)
                {
                    for (var r1 = 0; r1 <= 100; r1 += 10)
                    {
                        var offset = run * 0.1 + Array.IndexOf(mixes, mix) * 0.01;
                        var rates = new[] { (Name: mix[..1], Rate: r0 + offset), (Name: mix[1..], Rate: r1 + offset) };
                        var idle = 10 + random.NextDouble();
                        var functions = rates.Select(f => new FunctionMeasurement(f.Name, f.Rate, 1, Demand[f.Name] * cost * f.Rate * (0.97 + 0.06 * random.NextDouble()), 2e7, 1e3 * f.Rate, 1, false, 1e7)).ToArray();
                        var load = functions.Sum(f => f.CpuUsage);
                        rows.Add(new SampleRow($"{nodeClass}/{mix}-{run}.csv", line++, new NodeSpec(nodeClass, cores, null), functions,
                            new NodeMeasurement(idle, Math.Min(100 * cores, idle + load), 1e9, 1e9 + 4e7, 20, 30, 1e6, 1e6 + 50 * load, 0, false)));
                    }
                }
            }
        }
#pragma warning restore CA5394

        return rows;
    }

    // Every function profiled alone on a LARGE node.
    private static readonly ProfileRow[] Profiles = Demand.Keys.SelectMany(f => Enumerable.Range(1, 10)
        .Select(i => new ProfileRow(f, i * 10, [1, Demand[f] * 1.5 * i * 10, 2e7, 1e4 * i, 0, 1e7]))).ToArray();

    private static readonly List<SampleRow> Seen = [.. Runs("SMALL", "ab", "ac", "bd", "cd"), .. Runs("LARGE", "ab", "ac", "bc")];
    private static readonly List<SampleRow> LargeWithD = Runs("LARGE", "ad", "cd");

    private static TrainingResult Fit(TrainingOptions options) =>
        ForecasterTrainer.Train(new Dataset("synthetic", Seen, []), options with { Booster = Small, Quantiles = false }, "test");

    private static ForecastModel Train(TrainingOptions options)
    {
        var result = Fit(options);
        return new ForecastModel(result.Manifest, path => result.Files[path]);
    }

    private static DemandTerm[] CpuTerms(ForecastModel model) =>
        [.. model.Manifest.Features.Single(f => f.Feature.Name == "demand_cpu_by_class").Feature.Terms!];

    // The feature columns a LightGBM model text splits on.
    private static HashSet<int> SplitColumns(string model) =>
        model.Split('\n').Where(l => l.StartsWith("split_feature=", StringComparison.Ordinal))
            .SelectMany(l => l["split_feature=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToHashSet();

    [Fact]
    public void A_class_that_never_ran_a_function_scales_its_profile_by_the_class_cost_per_request()
    {
        var model = Train(new TrainingOptions { Profiles = Profiles });

        var own = Assert.Single(CpuTerms(model), t => t.Node is not null);
        Assert.Equal(("rate_function_d", "LARGE", "profile scaled"), (own.Rate, own.Node, own.From));
        Assert.InRange(own.Factor!.Value, 0.9, 1.1); // the profile was measured where LARGE's costs hold
        Assert.Single(CpuTerms(model), t => t.Rate == "rate_function_d" && t.Node is null); // SMALL and unknown nodes keep the common curve
    }

    [Fact]
    public void Without_a_profile_the_pooled_curve_is_scaled_by_how_much_more_the_class_uses()
    {
        var model = Train(new TrainingOptions());

        var own = Assert.Single(CpuTerms(model), t => t.Node is not null);
        Assert.Equal(("LARGE", "training scaled"), (own.Node, own.From));
        Assert.InRange(own.Factor!.Value, 1.1, 1.5); // LARGE costs 1.5 x SMALL; the pooled curves hold some of LARGE already
    }

    [Fact]
    public void Class_demand_predicts_a_function_on_a_class_that_never_ran_it_better_than_a_pooled_curve()
    {
        var byClass = ForecastEvaluator.Evaluate(Train(new TrainingOptions { Profiles = Profiles }), LargeWithD).Targets["cpu_usage_node"];
        var pooled = ForecastEvaluator.Evaluate(Train(new TrainingOptions { Profiles = Profiles, DemandByClass = false }), LargeWithD).Targets["cpu_usage_node"];

        Assert.True(byClass.R2 >= 0.9, $"R² {byClass.R2}");
        Assert.True(byClass.Rmse < pooled.Rmse, $"RMSE {byClass.Rmse} by class against {pooled.Rmse} pooled");
    }

    [Fact]
    public void A_caller_naming_the_nodes_cores_gets_the_class_demand_a_dataset_row_gets()
    {
        var model = Train(new TrainingOptions { Profiles = Profiles });
        var row = LargeWithD.First(r => r.RateOf("d") > 50 && r.RateOf("a") > 50);
        var fields = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["rate_function_a"] = row.RateOf("a"), ["rate_function_d"] = row.RateOf("d"), ["node_cores"] = 8,
            ["cpu_usage_idle_node"] = row.Measured.CpuIdle, ["ram_usage_idle_node"] = row.Measured.RamIdle, ["power_usage_idle_node"] = row.Measured.PowerIdle,
        };

        var asked = model.Predict(fields).Targets["cpu_usage_node"].Value;
        var scored = model.PredictBatch([model.Inputs(row)]).Targets["cpu_usage_node"].Point[0];

        Assert.Equal(scored, asked, 6);
    }

    [Fact]
    public void Node_cpu_and_power_split_on_the_class_demand_and_every_other_model_on_the_pooled_one()
    {
        var result = Fit(new TrainingOptions { Profiles = Profiles });
        var names = result.Manifest.Features.Select(f => f.Feature.Name).ToList();
        int Column(string name) => names.IndexOf(name);
        Assert.All((string[])["demand_cpu", "demand_power", "demand_cpu_by_class", "demand_power_by_class"], n => Assert.True(Column(n) >= 0, n));
        string Model(string target) => result.Files[result.Manifest.Targets.Single(t => t.Target.Name == target).Point];

        var cpu = SplitColumns(Model("cpu_usage_node"));
        var ram = SplitColumns(Model("ram_usage_node"));
        var overload = SplitColumns(result.Files[result.Manifest.Classifier!]);

        Assert.Contains(Column("demand_cpu_by_class"), cpu);
        Assert.DoesNotContain(Column("demand_cpu"), cpu);
        Assert.DoesNotContain(Column("demand_power"), SplitColumns(Model("power_usage_node")));
        foreach (var other in new[] { ram, overload, SplitColumns(Model("cpu_usage_function_a")) })
        {
            Assert.DoesNotContain(Column("demand_cpu_by_class"), other);
            Assert.DoesNotContain(Column("demand_power_by_class"), other);
        }
    }

    [Fact]
    public void Node_cpu_never_exceeds_the_highest_share_of_its_cores_a_training_node_reached()
    {
        var model = Train(new TrainingOptions { Profiles = Profiles });
        var share = Seen.Max(r => r.Measured.Cpu / (100.0 * r.Node.Cores));

        Assert.Equal(share, model.Manifest.NodeCpuMaxShare!.Value, 9);
        Assert.InRange(share, 0.5, 0.9); // the fixture's busiest node: well below its cores, so the clip is not 100 %
        foreach (var cores in new[] { 2, 4, 8 }) // 2 cores: the trees alone would give a 4-core node's CPU
        {
            var far = model.Predict(new Dictionary<string, double>
            {
                ["rate_function_b"] = 900, ["rate_function_d"] = 900, ["node_cores"] = cores,
                ["cpu_usage_idle_node"] = 10, ["ram_usage_idle_node"] = 1e9, ["power_usage_idle_node"] = 1e6,
            });
            Assert.InRange(far.Targets["cpu_usage_node"].Value, 0, share * 100 * cores + 1e-9);
        }
    }

    [Fact]
    public void An_answer_says_when_a_functions_demand_on_the_asked_class_is_scaled_because_the_class_never_ran_it()
    {
        var model = Train(new TrainingOptions { Profiles = Profiles });
        IReadOnlyList<string> Assumed(double rateOfD, int cores) => model.Predict(new Dictionary<string, double>
        {
            ["rate_function_a"] = 20, ["rate_function_d"] = rateOfD, ["node_cores"] = cores,
            ["cpu_usage_idle_node"] = 10, ["ram_usage_idle_node"] = 1e9, ["power_usage_idle_node"] = 1e6,
        }).Assumed;

        var scaled = Assert.Single(Assumed(30, 8));
        Assert.StartsWith("demand of rate_function_d on LARGE: profile scaled x", scaled, StringComparison.Ordinal);
        Assert.Empty(Assumed(0, 8)); // d not asked for
        Assert.Empty(Assumed(30, 4)); // SMALL ran d
    }

    [Fact]
    public void With_one_node_class_in_training_the_pooled_curves_are_its_own()
    {
        // SMALL alone, where d (fewer rows than the other functions) would otherwise look like a function it hardly ran.
        var rows = Runs("SMALL", "ab", "ac", "bc").Concat(Runs("SMALL", "ad").Take(60)).ToList();
        var result = ForecasterTrainer.Train(new Dataset("synthetic", rows, []), new TrainingOptions { Profiles = Profiles, Booster = Small, Quantiles = false }, "test");

        Assert.DoesNotContain(result.Manifest.Features, f => f.Feature.Source is FeatureSource.DemandCpuByClass or FeatureSource.DemandPowerByClass);
    }
}
