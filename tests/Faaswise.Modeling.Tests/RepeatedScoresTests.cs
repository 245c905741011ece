using Faaswise.Modeling.Forecasting;

namespace Faaswise.Modeling.Tests;

public class RepeatedScoresTests
{
    private static RegressionScore R2(double r2, double? below05 = null, double? below95 = null) => new(r2, 1, 1, 0.1, below05, below95, 0.1);

    private static EvaluationReport Report(double cpu, double idle, int positives, double f1, IReadOnlyDictionary<string, EvaluationReport>? byClass = null) =>
        new(100, new Dictionary<string, RegressionScore> { ["cpu_usage_node"] = R2(cpu, 0.05, 0.05 + cpu), ["cpu_usage_function_nmap"] = R2(0.5) },
            new ClassificationScore(0.9, 0.5, 0.5, f1, positives, 0.05), byClass, new Dictionary<string, RegressionScore> { ["cpu_usage_node"] = R2(idle) });

    [Fact]
    public void The_interval_is_the_student_t_interval_of_the_mean_over_seeds()
    {
        var reports = new[] { Report(0.9, -1, 10, 0.8), Report(0.8, -2, 10, 0.6), Report(0.7, -3, 10, 0.7) };

        var repeated = RepeatedScores.Of("mix", [1, 2, 3], reports);

        var cpu = repeated.Targets["cpu_usage_node"];
        Assert.Equal(0.8, cpu.Mean, 12);
        // t(2 degrees of freedom, 0.975) = 4.3027; standard deviation 0.1 over 3 seeds.
        Assert.Equal(4.302653 * 0.1 / Math.Sqrt(3), cpu.HalfWidth95!.Value, 5);
        Assert.Equal([0.9, 0.8, 0.7], cpu.Values.Select(v => v!.Value));
        Assert.Equal(["cpu_usage_node"], repeated.Targets.Keys);
        Assert.Equal(-2, repeated.IdleBaseline["cpu_usage_node"].Mean, 12);
        Assert.Equal(0.7, repeated.OverloadF1!.Mean, 12);
        // Inside q05..q95: the share below q95 less the share below q05.
        Assert.Equal(0.8, repeated.Coverage["cpu_usage_node"].Mean, 12);
        Assert.Contains("| cpu_usage_node q05..q95 coverage | 0.800 ± 0.248 |", repeated.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("| cpu_usage_node R² | 0.800 ± 0.248 | 0.900, 0.800, 0.700 |", repeated.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_seed_without_overloaded_test_rows_has_no_f1_and_one_value_has_no_interval()
    {
        var heavy = (string name, double cpu, int positives) => new Dictionary<string, EvaluationReport> { [name] = Report(cpu, 0, positives, 0) };
        var reports = new[] { Report(0.9, 0, 5, 0.8, heavy("HEAVY", 0.6, 0)), Report(0.8, 0, 0, 0, heavy("HEAVY", 0.4, 3)) };

        var repeated = RepeatedScores.Of("grouped", [5, 6], reports);

        Assert.Equal([0.8, null], repeated.OverloadF1!.Values);
        Assert.Null(repeated.OverloadF1.HalfWidth95);
        Assert.Equal("0.800", repeated.OverloadF1.ToString());
        Assert.Equal(0.5, repeated.ByNodeClass["HEAVY"]["cpu_usage_node_r2"].Mean, 12);
        Assert.Equal(0.5, repeated.ByNodeClass["HEAVY"]["cpu_usage_node_coverage_q05_q95"].Mean, 12);
        Assert.Contains("| HEAVY: cpu_usage_node R² | 0.500 ± ", repeated.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal([null, 0.0], repeated.ByNodeClass["HEAVY"]["overload_f1"].Values);
        Assert.Throws<ArgumentException>(() => RepeatedScores.Of("grouped", [1], reports));
        Assert.Equal([0.5, null], ScoreInterval.Of([0.5, double.NaN])!.Values);
    }
}
