using Faaswise.Load.Arrivals;

namespace Faaswise.Load.Tests.Arrivals;

public sealed class ArrivalProcessTests
{
    private const int Draws = 100_000;

    private static (double Mean, double Cv) GapStatistics(IArrivalProcess process, int seed)
    {
        var offsets = process.Offsets(new Random(seed)).Take(Draws + 1).Select(o => o.TotalSeconds).ToArray();
        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).ToArray();
        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Length - 1));
        return (mean, sd / mean);
    }

    [Fact]
    public void Constant_Offsets_AreNOverRateWithoutDrift()
    {
        var offsets = new ConstantArrivals(3).Offsets(new Random(1)).Take(30_001).ToArray();

        Assert.Equal(TimeSpan.Zero, offsets[0]);
        Assert.Equal(TimeSpan.FromSeconds(1), offsets[3]);
        Assert.Equal(TimeSpan.FromSeconds(10_000), offsets[30_000]);
    }

    [Theory]
    [InlineData(50.0, 7)]
    [InlineData(0.5, 8)]
    public void Poisson_100kGaps_MeanAndCvWithinOnePercent(double rate, int seed)
    {
        var (mean, cv) = GapStatistics(new PoissonArrivals(rate), seed);

        Assert.InRange(mean, 1 / rate * 0.99, 1 / rate * 1.01);
        Assert.InRange(cv, 0.99, 1.01);
    }

    [Theory]
    [InlineData(100.0, 0.1, 1)]
    [InlineData(100.0, 0.5, 2)]
    [InlineData(14.3, 1.0, 3)]
    [InlineData(10.0, 2.0, 4)]
    public void Gamma_100kGaps_MeanAndCvWithinOnePercent(double rate, double cv, int seed)
    {
        var (mean, sampleCv) = GapStatistics(new GammaArrivals(rate, cv), seed);

        Assert.InRange(mean, 1 / rate * 0.99, 1 / rate * 1.01);
        Assert.InRange(sampleCv, cv * 0.99, cv * 1.01);
    }

    [Theory]
    // QShuf's table (§5.2): shape = 1/cv², scale = mu·cv² with mu = 1/rate.
    [InlineData(0.1, 100.0, 0.01)]
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(2.0, 0.25, 4.0)]
    [InlineData(8.0, 0.015625, 64.0)]
    public void Gamma_Parameters_FollowQShufTable(double cv, double shape, double scaleTimesMu)
    {
        var gamma = new GammaArrivals(1 / 0.07, cv);

        Assert.Equal(shape, gamma.Shape, 9);
        Assert.Equal(scaleTimesMu * 0.07, gamma.ScaleSeconds, 9);
    }

    [Fact]
    public void Renewal_SameSeed_SameSchedule()
    {
        var a = new GammaArrivals(10, 2).Offsets(new Random(42)).Take(1000).ToArray();
        var b = new GammaArrivals(10, 2).Offsets(new Random(42)).Take(1000).ToArray();
        var c = new GammaArrivals(10, 2).Offsets(new Random(43)).Take(1000).ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(a.Order(), a);
    }

    [Fact]
    public void Processes_InvalidParameters_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantArrivals(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoissonArrivals(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GammaArrivals(1, 0));
        Assert.Throws<ArgumentException>(() => new TraceArrivals([1.0, 0.5]));
    }

    [Fact]
    public void ToString_NamesTheParameters()
    {
        Assert.Equal("constant{100 req/s}", new ConstantArrivals(100).ToString());
        Assert.Equal("poisson{2.5 req/s}", new PoissonArrivals(2.5).ToString());
        Assert.Equal("gamma{10 req/s, cv 4}", new GammaArrivals(10, 4).ToString());
    }
}
