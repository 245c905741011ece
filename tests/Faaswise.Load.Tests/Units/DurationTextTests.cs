using Faaswise.Load.Units;

namespace Faaswise.Load.Tests.Units;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1.5)]
    [InlineData("250us", 0.00025)]
    [InlineData("0", 0)]
    public void Parse_WithUnits(string text, double seconds)
    {
        Assert.Equal(seconds, DurationText.Parse(text).TotalSeconds, 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("1x")]
    [InlineData("-1s")]
    [InlineData("s")]
    [InlineData("1s2")]
    public void Parse_Malformed_OneLineReason(string text)
    {
        Assert.Contains("is not a duration", Assert.Throws<FormatException>(() => DurationText.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(850, "850ns")]
    [InlineData(12_345, "12.35µs")]
    [InlineData(4_560_000, "4.56ms")]
    [InlineData(1_234_000_000, "1.234s")]
    [InlineData(123_400_000_000, "2m3.4s")]
    public void FormatNanoseconds_PicksAUnit(double ns, string expected)
    {
        Assert.Equal(expected, DurationText.FormatNanoseconds(ns));
    }
}
