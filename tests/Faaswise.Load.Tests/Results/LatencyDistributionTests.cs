using Faaswise.Load.Results;

namespace Faaswise.Load.Tests.Results;

public class LatencyDistributionTests
{
    [Fact]
    public void Quantiles_InOnePass_EqualQuantileOneByOne()
    {
        var random = new Random(3);
        var d = new LatencyDistribution();
        for (var i = 0; i < 50_000; i++) d.Record((long)(1e6 * Math.Exp(random.NextDouble() * 8)));
        double[] qs = [0, 0.001, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999, 1];

        var together = d.Quantiles(qs);

        Assert.Equal(qs.Select(d.Quantile), together);
        Assert.Equal(d.Max, together[^1]);
    }

    [Fact]
    public void Quantiles_OfNothing_AreZero() => Assert.Equal([0L, 0L], new LatencyDistribution().Quantiles([0.5, 0.99]));
}
