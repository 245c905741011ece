using Faaswise.Sampling.Plan;

namespace Faaswise.Sampling.Tests;

public class PlanTests
{
    [Fact]
    public void Rate_grids_as_dfaas_builds_them()
    {
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i * 10), RateGrid.Generate(200, 10, 10));
        Assert.Equal([0, 10, 20, 30, 40, 50], RateGrid.Generate(50, 0, 10));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * 20), RateGrid.Generate(200, 20, 20));
        Assert.Throws<ArgumentException>(() => RateGrid.Generate(10, 20, 10));
        Assert.Throws<ArgumentException>(() => RateGrid.Generate(10, 0, 0));
    }

    [Fact]
    public void Combinations_are_sorted_by_size_then_name_with_inclusive_sizes()
    {
        string[] twelve = ["figlet", "shasum", "env", "curl", "qrcode-go", "sentimentanalysis", "face-detect-pigo", "face-blur", "coherent-line-drawing", "markdown", "nmap", "certinfo"];

        var pairs = FunctionCombinations.Generate(twelve, 2, 2);
        Assert.Equal(66, pairs.Count);
        Assert.Equal(["certinfo", "coherent-line-drawing"], pairs[0]);
        Assert.Equal(20, FunctionCombinations.Generate(["a", "b", "c", "d", "e", "f"], 3, 3).Count);
        var mixed = FunctionCombinations.Generate(["c", "a", "b"], 1, 2);
        Assert.Equal(["a|", "b|", "c|", "a|b", "a|c", "b|c"], mixed.Select(t => t.Length == 1 ? t[0] + "|" : string.Join("|", t)));
        Assert.Throws<ArgumentException>(() => FunctionCombinations.Generate(["a"], 1, 2));
    }

    [Fact]
    public void Configurations_vary_the_last_function_fastest()
    {
        var plan = new SamplingPlan([["curl", "env"]], [10, 20]);

        Assert.Equal(["curl=10,env=10", "curl=10,env=20", "curl=20,env=10", "curl=20,env=20"], plan.Configurations().Select(c => c.Key));
        Assert.Equal(4, plan.Count);
    }
}
