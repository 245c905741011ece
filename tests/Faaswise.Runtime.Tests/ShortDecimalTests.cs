using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Faaswise.Runtime.Tensors;

namespace Faaswise.Runtime.Tests;

public sealed class ShortDecimalTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("0.761")]
    [InlineData("-128")]
    [InlineData("16777216")]
    [InlineData("16777217")]
    [InlineData("0.1")]
    [InlineData("0.30000001")]
    [InlineData("3.4028235")]
    [InlineData("0.0000000001")]
    [InlineData("123456789")]
    [InlineData("1.5,")]
    [InlineData("2.25]")]
    public void Gives_the_bits_and_length_utf8parser_gives(string text)
    {
        AssertSame(Encoding.ASCII.GetBytes(text));
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("1.5E-2")]
    [InlineData("12345678901234567")]
    [InlineData("0.123456789012")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("abc")]
    public void Leaves_exponents_long_numbers_and_non_numbers_to_the_general_parser(string text)
    {
        Assert.False(ShortDecimal.TryParse(Encoding.ASCII.GetBytes(text), out float _, out _));
    }

    [Fact]
    public void Random_decimals_of_every_length_and_scale_give_the_same_bits_as_utf8parser()
    {
        var random = new Random(7);
        var fast = 0;
        for (var k = 0; k < 200_000; k++)
        {
            var digits = random.Next(1, 18);
            var raw = new StringBuilder();
            for (var d = 0; d < digits; d++) raw.Append((char)('0' + random.Next(10)));
            var integerDigits = random.Next(1, digits + 1);
            var text = (random.Next(2) == 0 ? "-" : "") + raw.ToString(0, integerDigits) + (integerDigits < digits ? "." + raw.ToString(integerDigits, digits - integerDigits) : "");
            fast += AssertSame(Encoding.ASCII.GetBytes(text)) ? 1 : 0;
        }

        // Shortest round-trip text of floats and doubles, as serialisers write them.
        for (var k = 0; k < 100_000; k++)
        {
            var f = (float)(random.NextDouble() * Math.Pow(10, random.Next(-6, 8)));
            fast += AssertSame(Encoding.ASCII.GetBytes(f.ToString("R", CultureInfo.InvariantCulture))) ? 1 : 0;
            var d = random.NextDouble() * Math.Pow(10, random.Next(-6, 12));
            fast += AssertSame(Encoding.ASCII.GetBytes(d.ToString("R", CultureInfo.InvariantCulture))) ? 1 : 0;
        }

        Assert.True(fast > 100_000, $"the fast path took {fast} numbers");
    }

    [Fact]
    public void Decimals_next_to_a_float_midpoint_round_as_utf8parser_rounds_them()
    {
        // Where rounding through a double could go wrong: the decimals of each scale nearest to the midpoint between
        // two neighbouring floats, on either side.
        var random = new Random(11);
        var fast = 0;
        for (var k = 0; k < 50_000; k++)
        {
            var f = (float)(random.NextDouble() * Math.Pow(10, random.Next(-4, 9)));
            var midpoint = ((double)f + MathF.BitIncrement(f)) / 2;
            var scale = random.Next(0, 13);
            var scaled = (decimal)midpoint * (decimal)Math.Pow(10, scale);
            foreach (var n in new[] { decimal.Floor(scaled), decimal.Ceiling(scaled) })
            {
                var text = (n / (decimal)Math.Pow(10, scale)).ToString("0." + new string('0', Math.Max(1, scale)), CultureInfo.InvariantCulture);
                fast += AssertSame(Encoding.ASCII.GetBytes(text)) ? 1 : 0;
            }
        }

        Assert.True(fast > 50_000, $"the fast path took {fast} numbers");
    }

    private static bool AssertSame(byte[] text)
    {
        var took = false;
        if (ShortDecimal.TryParse(text, out float f, out var usedF))
        {
            Assert.True(Utf8Parser.TryParse(text, out float expected, out var usedExpected));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(f));
            Assert.Equal(usedExpected, usedF);
            took = true;
        }

        if (ShortDecimal.TryParse(text, out double d, out var usedD))
        {
            Assert.True(Utf8Parser.TryParse(text, out double expected, out var usedExpected));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(d));
            Assert.Equal(usedExpected, usedD);
            took = true;
        }

        return took;
    }
}
