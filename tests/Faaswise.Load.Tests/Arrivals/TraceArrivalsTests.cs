using Faaswise.Load.Arrivals;

using Faaswise.Testing;

namespace Faaswise.Load.Tests.Arrivals;

public sealed class TraceArrivalsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();


    [Fact]
    public void Load_QShufFormat_ReplaysOffsets()
    {
        var trace = TraceArrivals.Load(_dir.Write("trace.txt", "0.0\n0.07\n\n0.21\r\n1.5e0\n"));

        Assert.Equal(4, trace.Count);
        Assert.Equal([0, 70, 210, 1500], trace.Offsets(new Random(0)).Select(o => o.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(1.5), trace.Length);
        Assert.Equal(3, trace.RateAt(TimeSpan.Zero));
        Assert.Equal(1, trace.RateAt(TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("0.1\nabc\n", ":2: 'abc' is not an offset")]
    [InlineData("0.5\n0.4\n", ":2: offset 0.4 s is before the previous one")]
    [InlineData("-1\n", ":1: '-1' is not an offset")]
    public void Load_BadLine_NamesFileAndLine(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TraceArrivals.Load(_dir.Write("trace.txt", text)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("trace.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArrivalSpec_ParsesEveryKind()
    {
        Assert.Equal("constant", ArrivalSpec.Parse("constant").Create(5).ToString()!.Split('{')[0]);
        Assert.IsType<PoissonArrivals>(ArrivalSpec.Parse("Poisson").Create(5));
        Assert.Equal(3, ((GammaArrivals)ArrivalSpec.Parse("gamma", 3).Create(5)).Cv);
        Assert.Equal(2, ((TraceArrivals)ArrivalSpec.Parse("trace:" + _dir.Write("trace.txt", "0\n1\n")).Create(99)).Count);
    }

    [Theory]
    [InlineData("uniform", "unknown arrival process")]
    [InlineData("trace:", "needs a file")]
    [InlineData("trace:/nonexistent/x.txt", "cannot read trace")]
    public void ArrivalSpec_BadSpec_OneLineReason(string spec, string expected)
    {
        Assert.Contains(expected, Assert.Throws<FormatException>(() => ArrivalSpec.Parse(spec)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ArrivalSpec_GammaCvNotPositive_Throws(double cv)
    {
        Assert.Contains("coefficient of variation", Assert.Throws<FormatException>(() => ArrivalSpec.Parse("gamma", cv)).Message, StringComparison.Ordinal);
    }
}
