using Faaswise.LocalFaas.Scaling;

namespace Faaswise.LocalFaas.Tests.Scaling;

public class AutoscalePolicyTests
{
    [Theory]
    // ceil(load / (target × 0.9)), clamped to [min, max]
    [InlineData(0, 1, 20, false, 1)]      // idle: min
    [InlineData(45, 1, 20, false, 1)]     // 45 / 45 = 1
    [InlineData(45.1, 1, 20, false, 2)]   // just above one replica's share
    [InlineData(400, 1, 20, false, 9)]    // 400 / 45 = 8.9
    [InlineData(5000, 1, 20, false, 20)]  // capped at max
    [InlineData(10, 3, 20, false, 3)]     // floor at min
    [InlineData(0, 1, 20, true, 0)]       // scale to zero once idle long enough
    [InlineData(1, 1, 20, true, 1)]       // not idle: never zero
    public void Desired_Load_FollowsFormula(double load, int min, int max, bool zeroDue, int expected)
    {
        var spec = new ScalingSpec { Min = min, Max = max, Target = 50, Zero = true };
        Assert.Equal(expected, AutoscalePolicy.Desired(spec, load, zeroDue));
    }

    [Fact]
    public void Desired_ZeroDisabled_NeverZero() =>
        Assert.Equal(1, AutoscalePolicy.Desired(new ScalingSpec(), 0, idleLongEnoughForZero: true));

    [Fact]
    public void Stabilizer_ScalesUpAtOnce_DownAfterWindow()
    {
        var s = new ScaleDownStabilizer(TimeSpan.FromSeconds(10));
        Assert.Equal(2, s.Recommend(TimeSpan.FromSeconds(0), 2));
        Assert.Equal(5, s.Recommend(TimeSpan.FromSeconds(1), 5));   // up: immediate
        Assert.Equal(5, s.Recommend(TimeSpan.FromSeconds(5), 1));   // down: held by the 5 of t=1
        Assert.Equal(5, s.Recommend(TimeSpan.FromSeconds(11), 1));  // t=1 still inside [1, 11]
        Assert.Equal(1, s.Recommend(TimeSpan.FromSeconds(12), 1));  // t=1 left the window
    }

    [Fact]
    public void LoadWindow_RateAndMeanInflight()
    {
        var w = new LoadWindow(TimeSpan.FromSeconds(10));
        w.Add(TimeSpan.FromSeconds(0), 100, 2);
        w.Add(TimeSpan.FromSeconds(2), 140, 4);
        Assert.Equal(20, w.RequestsPerSecond, 9);   // 40 requests / 2 s
        Assert.Equal(3, w.MeanInflight, 9);
        w.Add(TimeSpan.FromSeconds(20), 140, 0);    // the first two fall out except the last-but-one
        Assert.Equal(0, w.RequestsPerSecond, 9);
    }
}
