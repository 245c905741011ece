namespace Faaswise.Runtime.Tensors;

/// <summary>
/// Clinger's fast path for the numbers tensors hold as text (<c>0.761</c>, <c>-128</c>, <c>0.123456789</c>): when the
/// digits (at most 2^53) and the power of ten are both exact in a double, one IEEE division gives the correctly rounded
/// double, the same bits <see cref="System.Buffers.Text.Utf8Parser"/> gives, several times faster. Anything else (more
/// digits, an exponent) returns false and goes the general way.
/// </summary>
/// <remarks>
/// A float goes through the double: rounding twice gives the correctly rounded float unless the exact value lies within
/// a double's half unit of a float midpoint without being on it. With <c>k</c> fraction digits, a decimal that is not a
/// midpoint is at least 2^-25 * 5^-k away from it, relatively, and a double's half unit is 2^-53: so up to 11
/// fraction digits (5^11 &lt; 2^26) the float is correctly rounded too. Checked on two million decimals next to float
/// midpoints: Utf8Parser's bits at 9 to 12 fraction digits, one unit off at 13 to 17 when that limit was lifted.
/// </remarks>
public static class ShortDecimal
{
    private const int FloatScales = 11;

    private static readonly double[] Powers =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>A float from a plain decimal of at most 2^53 in digits and <see cref="FloatScales"/> fraction digits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out float value, out int used)
    {
        value = 0;
        if (!TryRead(text, out var digits, out var scale, out var negative, out used) || digits > 1UL << 53 || scale > FloatScales) return false;
        var magnitude = (float)(digits / Powers[scale]);
        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>A double from a plain decimal of at most 2^53 in digits and 22 fraction digits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value, out int used)
    {
        value = 0;
        if (!TryRead(text, out var digits, out var scale, out var negative, out used) || digits > 1UL << 53 || scale >= Powers.Length) return false;
        var magnitude = digits / Powers[scale];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>
    /// Reads <c>-?[0-9]+(\.[0-9]+)?</c> not followed by an exponent, with at most 16 significant digits, as an integer of
    /// digits and the count of fraction digits.
    /// </summary>
    private static bool TryRead(ReadOnlySpan<byte> text, out ulong digits, out int scale, out bool negative, out int used)
    {
        digits = 0;
        scale = 0;
        used = 0;
        var i = 0;
        negative = text.Length > 0 && text[0] == (byte)'-';
        if (negative) i++;
        var significant = 0;
        var start = i;
        if (!Accumulate(text, ref i, ref digits, ref significant) || i == start) return false;
        if (i < text.Length && text[i] == (byte)'.')
        {
            var fraction = ++i;
            if (!Accumulate(text, ref i, ref digits, ref significant) || i == fraction) return false;
            scale = i - fraction;
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'e') return false;
        used = i;
        return true;
    }

    /// <summary>Appends the digits at <paramref name="i"/> to <paramref name="digits"/>; false past 16 significant ones.</summary>
    private static bool Accumulate(ReadOnlySpan<byte> text, ref int i, ref ulong digits, ref int significant)
    {
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
        {
            if ((digits != 0 || text[i] != (byte)'0') && ++significant > 16) return false;
            digits = (digits * 10) + (uint)(text[i] - '0');
        }

        return true;
    }
}
