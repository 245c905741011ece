using Faaswise.Modeling.LightGbm;

namespace Faaswise.Modeling.Tests;

public class TreeEnsembleTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Theory]
    [InlineData("models/cpu_usage_node/regression.txt")]
    [InlineData("models/ram_usage_node/quantile095.txt")]
    [InlineData("models/medium_latency_HIGH_USAGE/quantile005.txt")]
    [InlineData("models/overloaded_node/classifier.txt")]
    public void Managed_evaluation_equals_lightgbms_own(string file)
    {
        var text = fixture.Result.Files[file];
        using var native = LightGbmBooster.FromModelString(text);
        var managed = TreeEnsemble.Parse(text);
        Assert.Equal(native.Features, managed.Features);
        var rows = fixture.Data.Rows.Where((_, i) => i % 37 == 0).ToArray();
        var x = rows.SelectMany(r => fixture.Result.Manifest.Features.Take(managed.Features).Select(f => (float)f.Feature.ValueOf(r))).ToArray();
        x[0] = 0;
        x[1] = float.NaN;

        var expected = native.Predict(x);

        for (var i = 0; i < rows.Length; i++)
        {
            var actual = managed.Predict(x.AsSpan(i * managed.Features, managed.Features));
            Assert.Equal(expected[i], actual, 1e-9 * Math.Max(1, Math.Abs(expected[i])));
        }
    }

    [Fact]
    public void Foreign_text_is_refused()
    {
        Assert.Throws<FormatException>(() => TreeEnsemble.Parse("hello"));
        Assert.Throws<FormatException>(() => TreeEnsemble.Parse("tree\nversion=v4\n"));
    }
}
