using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;

namespace Faaswise.Modeling.Tests;

public class PreprocessingTests
{
    private static SampleRow Row(string run, double rate, double cpu, bool overloaded, string node = "MID") =>
        new(run, 2, new NodeSpec(node, 4, null),
            [new FunctionMeasurement("figlet", rate, 1, cpu / 2, 1e6, 10, 1, false, 1e7)],
            new NodeMeasurement(50, cpu, 4e9, 4.1e9, 30, 31, 1e5, 2e5, 10, overloaded));

    [Fact]
    public void Outlier_rule_replaces_values_beyond_one_std_and_keeps_overload_only_when_every_iteration_had_it()
    {
        SampleRow[] rows = [Row("a", 10, 100, true), Row("a", 10, 110, true), Row("a", 10, 300, false), Row("a", 20, 500, true)];

        var (cleaned, replaced) = OutlierRule.Apply(rows);

        var mean = (100 + 110 + 300) / 3.0;
        Assert.Equal([100, 110, mean, 500], cleaned.Select(r => r.Measured.Cpu));
        Assert.Equal(55, cleaned[1].Functions[0].CpuUsage);
        Assert.Equal(mean / 2, cleaned[2].Functions[0].CpuUsage);
        Assert.Equal([false, false, false, true], cleaned.Select(r => r.Measured.Overloaded));
        Assert.Equal(1, replaced);
    }

    [Fact]
    public void Grouped_split_holds_out_whole_runs_per_node_class_deterministically()
    {
        var rows = Enumerable.Range(0, 40).SelectMany(run => Enumerable.Range(0, 10).Select(i => Row($"run{run}", i * 10 + run, 100 + i, false, run % 2 == 0 ? "MID" : "LIGHT"))).ToArray();

        var a = DatasetSplit.Create(rows, SplitProtocol.Grouped, 0.25, 42);
        var b = DatasetSplit.Create(rows, SplitProtocol.Grouped, 0.25, 42);

        Assert.Equal(a.Test, b.Test);
        var trainRuns = a.Train.Select(i => rows[i].Run).ToHashSet();
        Assert.DoesNotContain(a.Test, i => trainRuns.Contains(rows[i].Run));
        Assert.Equal(5, a.TestRuns.Count(r => int.Parse(r[3..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0));
        Assert.Equal(5, a.TestRuns.Count(r => int.Parse(r[3..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 1));
    }

    [Fact]
    public void Grouped_split_drops_test_iterations_of_a_configuration_split_across_a_restart()
    {
        var rows = Enumerable.Range(0, 8).SelectMany(run => Enumerable.Range(0, 5).Select(i => Row($"run{run}", run * 100 + i, 100, false))).ToList();
        for (var run = 0; run < 8; run++) rows.Add(Row($"run{run}", 7, 100, false));

        var split = DatasetSplit.Create(rows, SplitProtocol.Grouped, 0.25, 1);

        Assert.Equal(2, split.Purged);
        Assert.DoesNotContain(split.Test, i => rows[i].Functions[0].Rate == 7);
    }

    [Fact]
    public void Random_split_is_75_25_and_seeded()
    {
        var rows = Enumerable.Range(0, 100).Select(i => Row("a", i, i, false)).ToArray();

        var a = DatasetSplit.Create(rows, SplitProtocol.Random, 0.25, 42);

        Assert.Equal(25, a.Test.Length);
        Assert.Equal(75, a.Train.Length);
        Assert.Equal(a.Test, DatasetSplit.Create(rows, SplitProtocol.Random, 0.25, 42).Test);
        Assert.NotEqual(a.Test, DatasetSplit.Create(rows, SplitProtocol.Random, 0.25, 43).Test);
    }

    [Fact]
    public void Smote_balances_with_points_between_minority_neighbours()
    {
        // columns: rate, node cores; positives sit at rates 100..104 on 4 cores
        float[] rows = [.. Enumerable.Range(0, 20).SelectMany(i => new float[] { i, 2 }), .. Enumerable.Range(100, 5).SelectMany(i => new float[] { i, 4 })];
        var labels = Enumerable.Range(0, 25).Select(i => i >= 20).ToArray();

        var (x, y) = Smote.Balance(rows, labels, 2, 1, seed: 3);

        Assert.Equal(40, y.Length);
        Assert.Equal(20, y.Count(l => l));
        for (var i = 25; i < 40; i++)
        {
            Assert.True(y[i]);
            Assert.InRange(x[i * 2], 100, 104);
            Assert.Equal(4, x[i * 2 + 1]);
        }
    }

    [Fact]
    public void Scores_match_hand_computed_values()
    {
        var s = RegressionScore.Compute([1, 2, 3, 4], [1, 2, 3, 5], [0, 3, 2, 3], [2, 3, 4, 5], 3);

        Assert.Equal(1 - 1 / 5.0, s.R2, 12);
        Assert.Equal(0.5, s.Rmse, 12);
        Assert.Equal(0.25, s.Mae, 12);
        Assert.Equal(0.25 / 4, s.Mape, 12);
        Assert.Equal(0.25, s.CoverageQ05);
        Assert.Equal(1.0, s.CoverageQ95);
        Assert.Equal(0.5 / 3, s.RmseScaled, 12);

        var c = ClassificationScore.Compute([true, true, false, false, true], [0.9, 0.4, 0.6, 0.1, 0.5]);
        Assert.Equal((3 / 5.0, 2 / 3.0, 2 / 3.0, 2 / 3.0, 3), (c.Accuracy, c.Precision, c.Recall, c.F1, c.Positives));
    }

    [Fact]
    public void Target_transform_round_trips_relative_to_the_baseline()
    {
        var t = new TargetTransform(OverBaseline: true, Scaled: true, Min: 10, Max: 110);

        Assert.Equal(0.5, t.ToLabel(160, 100), 12);
        Assert.Equal(160, t.FromLabel(0.5, 100), 12);
        var offset = t with { OverDemand = true };
        Assert.Equal(0.3, offset.ToLabel(160, 100, 20), 12);
        Assert.Equal(160, offset.FromLabel(0.3, 100, 20), 12);
        Assert.Equal(160, t.FromLabel(0.5, 100, 20), 12); // the demand counts only when the transform says so
    }
}
