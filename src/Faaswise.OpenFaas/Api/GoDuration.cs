using System.Globalization;

namespace Faaswise.OpenFaas.Api;

/// <summary>
/// Durations as OpenFaaS writes them (Go's <c>time.ParseDuration</c>: <c>1m30s</c>, <c>500ms</c>, <c>2h</c>), with the
/// watchdogs' fallback of a bare number meaning seconds.
/// </summary>
public static class GoDuration
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            if (!double.IsFinite(bare) || bare < 0) return false;
            value = TimeSpan.FromSeconds(bare);
            return true;
        }

        double seconds = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            double? scale = s[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => null,
            };
            if (scale is not { } f) return false;
            seconds += number * f;
        }

        if (!double.IsFinite(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds) return false;
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
