using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Testing;

namespace Faaswise.Modeling.Tests;

public class SplitProtocolTests
{
    private static readonly Dataset Shared = DatasetLoader.Load(SharedData.Path("runs"));

    [Fact]
    public void A_mix_split_keeps_every_function_mix_on_one_side_on_every_node_class()
    {
        var rows = Shared.Rows;

        var a = DatasetSplit.Create(rows, SplitProtocol.Mix, 0.25, 42);

        var trainMixes = a.Train.Select(i => DatasetSplit.Mix(rows[i])).ToHashSet(StringComparer.Ordinal);
        var testMixes = a.Test.Select(i => DatasetSplit.Mix(rows[i])).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(trainMixes.Intersect(testMixes));
        Assert.NotEmpty(testMixes);
        Assert.Equal(rows.Count, a.Train.Length + a.Test.Length);
        Assert.True(a.Test.Length >= 0.25 * rows.Count, $"{a.Test.Length} test rows of {rows.Count}");
        Assert.Equal(a.Test, DatasetSplit.Create(rows, SplitProtocol.Mix, 0.25, 42).Test);
    }

    [Fact]
    public void A_node_class_split_tests_on_that_class_only_and_an_unknown_class_is_named()
    {
        var rows = Shared.Rows;

        var split = DatasetSplit.Create(rows, SplitProtocol.NodeClass, 0.25, 42, "MID");

        Assert.All(split.Test, i => Assert.Equal("MID", rows[i].Node.Type));
        Assert.All(split.Train, i => Assert.NotEqual("MID", rows[i].Node.Type));
        Assert.Equal(rows.Count(r => r.Node.Type == "MID"), split.Test.Length);
        var error = Assert.Throws<FormatException>(() => DatasetSplit.Create(rows, SplitProtocol.NodeClass, 0.25, 42, "GIANT"));
        Assert.Equal("no row holds node class GIANT (the data has: HEAVY, LIGHT, MID)", error.Message);
    }

    [Fact]
    public void A_function_split_never_trains_on_a_row_that_loads_the_function()
    {
        var rows = Shared.Rows;

        var split = DatasetSplit.Create(rows, SplitProtocol.Function, 0.25, 42, "nmap");

        Assert.All(split.Train, i => Assert.DoesNotContain(rows[i].Functions, f => f.Name == "nmap" && f.Rate > 0));
        Assert.All(split.Test, i => Assert.Contains(rows[i].Functions, f => f.Name == "nmap" && f.Rate > 0));
        Assert.Equal(rows.Count, split.Train.Length + split.Test.Length);
        Assert.Throws<FormatException>(() => DatasetSplit.Create(rows, SplitProtocol.Function, 0.25, 42, "nosuch"));
    }

    [Theory]
    [InlineData("grouped")]
    [InlineData("random")]
    [InlineData("mix")]
    [InlineData("node-class:MID")]
    [InlineData("function:nmap")]
    public void Split_specs_read_back_as_written(string text) => Assert.Equal(text, SplitSpec.Parse(text).ToString());

    [Theory]
    [InlineData("node-class")]
    [InlineData("node-class:")]
    [InlineData("mix:abc")]
    [InlineData("stratified")]
    public void A_malformed_split_names_every_form(string text)
    {
        var error = Assert.Throws<FormatException>(() => SplitSpec.Parse(text));
        Assert.Contains("node-class:CLASS", error.Message, StringComparison.Ordinal);
    }
}
