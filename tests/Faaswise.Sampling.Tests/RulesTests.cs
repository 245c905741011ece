using Faaswise.Sampling.Output;
using Faaswise.Sampling.Plan;
using Faaswise.Sampling.Rules;

namespace Faaswise.Sampling.Tests;

public class RulesTests
{
    private static readonly OverloadThresholds Rules = new();

    [Theory]
    [InlineData(0.9, 1, false)]
    [InlineData(0.8999, 1, true)]
    [InlineData(1.0, 14, false)]
    [InlineData(1.0, 15, true)]
    public void Function_overload_boundaries(double success, int replicas, bool overloaded) =>
        Assert.Equal(overloaded, Rules.FunctionOverloaded(success, replicas));

    [Theory]
    [InlineData(320.0, 50, 1.0, false)]
    [InlineData(320.001, 50, 1.0, true)]
    [InlineData(10, 90.0, 1.0, false)]
    [InlineData(10, 90.001, 1.0, true)]
    [InlineData(10, 50, 0.95, false)]
    [InlineData(10, 50, 0.9499, true)]
    public void Node_overload_boundaries_on_four_cores(double cpu, double ramPercent, double meanSuccess, bool overloaded) =>
        Assert.Equal(overloaded, Rules.NodeOverloaded([meanSuccess, meanSuccess], cpu, 4, ramPercent, false));

    [Fact]
    public void An_overloaded_function_overloads_the_node() => Assert.True(Rules.NodeOverloaded([1, 1], 1, 4, 1, anyFunctionOverloaded: true));

    private static Configuration Config(int curl, int env) => new(0, ["curl", "env"], [curl, env]);

    private static IndexEntry Ran(int curl, int env, bool overloaded, int iteration) =>
        new(["curl", "env"], [curl, env], overloaded, false, "results.csv", iteration, RunStatus.Ok);

    [Fact]
    public void Sound_rule_skips_only_component_wise_dominated_configurations()
    {
        var decider = new SkipDecider(SkipRule.Sound, 3);
        IndexEntry[] index = [Ran(50, 50, true, 1), Ran(50, 50, true, 2), Ran(50, 50, false, 3)];

        Assert.Equal(SkipAction.Skip, decider.Decide(Config(60, 50), index).Action);
        Assert.Equal(SkipAction.Run, decider.Decide(Config(40, 60), index).Action);
        Assert.Equal(SkipAction.Run, decider.Decide(Config(60, 50), [Ran(50, 50, true, 1), Ran(50, 50, false, 2), Ran(50, 50, false, 3)]).Action);
    }

    [Fact]
    public void Dfaas_rule_skips_on_total_rate_and_on_any_higher_rate()
    {
        var decider = new SkipDecider(SkipRule.Dfaas, 3);
        IndexEntry[] index = [Ran(50, 50, true, 1), Ran(50, 50, true, 2), Ran(50, 50, true, 3)];
        decider.Ran(Config(50, 50), dominantResult: true);

        Assert.Equal(SkipAction.Skip, decider.Decide(Config(40, 70), index).Action);
        decider.Ran(Config(10, 10), dominantResult: false);
        Assert.Equal(SkipAction.Skip, decider.Decide(Config(40, 60), index).Action);
        Assert.Equal(SkipAction.Run, decider.Decide(Config(40, 40), index).Action);
    }

    [Fact]
    public void Single_function_history_predicts_overload()
    {
        var decider = new SkipDecider(SkipRule.Sound, 3);
        IndexEntry[] index = [new(["env"], [80], true, false, "r.csv", 1, RunStatus.Ok)];

        var decision = decider.Decide(Config(10, 90), index);

        Assert.Equal(SkipAction.Predict, decision.Action);
        Assert.Contains("env alone overloaded at 80 req/s", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(SkipAction.Run, decider.Decide(Config(10, 70), index).Action);
        Assert.Equal(SkipAction.Run, new SkipDecider(SkipRule.None, 3).Decide(Config(10, 90), index).Action);
    }
}
