using System.Globalization;
using System.Text.RegularExpressions;

namespace Faaswise.Runtime.Units;

/// <summary>Byte counts and bandwidths as people write them: <c>24GB</c>, <c>512MiB</c>, <c>5.7GB/s</c> (GB = 10^9, GiB = 2^30).</summary>
public static partial class ByteSize
{
    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<u>B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses a byte count; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static long Parse(string text)
    {
        var m = Pattern().Match(text ?? "");
        if (!m.Success) throw new FormatException($"'{text}' is not a size: write a number with a unit, as in 512MB, 4GB or 1GiB");
        var n = double.Parse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var scale = m.Groups["u"].Value switch
        {
            "" or "B" => 1d,
            "kB" or "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KiB" => 1024d,
            "MiB" => 1024d * 1024,
            "GiB" => 1024d * 1024 * 1024,
            _ => 1024d * 1024 * 1024 * 1024,
        };
        return checked((long)Math.Round(n * scale));
    }

    /// <summary>Parses a bandwidth in bytes per second (<c>5.7GB/s</c>); throws <see cref="FormatException"/>.</summary>
    public static double ParseRate(string text)
    {
        var t = (text ?? "").Trim();
        if (!t.EndsWith("/s", StringComparison.Ordinal) || Parse(t[..^2]) is var bytes && bytes <= 0)
            throw new FormatException($"'{text}' is not a bandwidth: write a size per second, as in 5.7GB/s or 900MB/s");
        return bytes;
    }

    /// <summary>A count for people, in decimal units with three significant digits: <c>63.7 MB</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1_000_000_000 => (bytes / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
        >= 1_000_000 => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1_000 => (bytes / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " kB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
