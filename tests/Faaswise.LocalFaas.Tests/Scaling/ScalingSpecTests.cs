using Faaswise.LocalFaas.Scaling;

namespace Faaswise.LocalFaas.Tests.Scaling;

public class ScalingSpecTests
{
    private static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => ScalingSpec.Prefix + p.Key, p => p.Value);

    [Fact]
    public void FromLabels_None_HasOpenFaasProDefaults()
    {
        var spec = ScalingSpec.FromLabels(null);
        Assert.Equal((1, 20, 50.0, ScalingType.Rps, 0.90, false), (spec.Min, spec.Max, spec.Target, spec.Type, spec.TargetProportion, spec.Zero));
        Assert.True(spec.Autoscaled);
    }

    [Fact]
    public void FromLabels_All_AreRead()
    {
        var spec = ScalingSpec.FromLabels(Labels(("min", "2"), ("max", "5"), ("target", "10"), ("type", "capacity"), ("target-proportion", "0.5"),
            ("zero", "true"), ("zero-duration", "2m")));
        Assert.Equal((2, 5, 10.0, ScalingType.Capacity, 0.5, true, TimeSpan.FromMinutes(2)),
            (spec.Min, spec.Max, spec.Target, spec.Type, spec.TargetProportion, spec.Zero, spec.ZeroDuration));
    }

    [Fact]
    public void FromLabels_MinEqualsMax_IsNotAutoscaled() =>
        Assert.False(ScalingSpec.FromLabels(Labels(("min", "3"), ("max", "3"))).Autoscaled);

    [Theory]
    [InlineData("min", "-1")]
    [InlineData("max", "0")]
    [InlineData("target", "0")]
    [InlineData("type", "cpu-ish")]
    [InlineData("target-proportion", "1.5")]
    [InlineData("zero", "maybe")]
    [InlineData("zero-duration", "soon")]
    public void FromLabels_BadValue_NamesTheLabel(string key, string value)
    {
        var e = Assert.Throws<FormatException>(() => ScalingSpec.FromLabels(Labels((key, value))));
        Assert.Contains(ScalingSpec.Prefix + key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLabels_MinAboveMax_Throws() =>
        Assert.Throws<FormatException>(() => ScalingSpec.FromLabels(Labels(("min", "5"), ("max", "2"))));
}
