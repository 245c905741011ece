using System.Globalization;
using System.Text.RegularExpressions;

namespace Faaswise.Load.Units;

/// <summary>Durations as people write them: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h30m</c>, <c>250us</c>.</summary>
public static partial class DurationText
{
    [GeneratedRegex(@"\G(?<n>\d+(\.\d+)?)(?<u>ns|us|µs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    /// <summary>Parses a duration; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static TimeSpan Parse(string text)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new FormatException($"'{text}' is not a duration: write a number with a unit, as in 500ms, 30s, 2m or 1h30m");
    }

    /// <summary>Parses a duration, or returns false.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s == "0")
        {
            return true;
        }

        var position = 0;
        double ticks = 0;
        while (position < s.Length)
        {
            var m = Part().Match(s, position);
            if (!m.Success)
            {
                return false;
            }

            var n = double.Parse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            ticks += n * m.Groups["u"].Value switch
            {
                "ns" => TimeSpan.TicksPerMicrosecond / 1000.0,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
            position += m.Length;
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>Formats nanoseconds with a unit a person reads at a glance: 850ns, 12.3µs, 4.56ms, 1.234s, 2m3.4s.</summary>
    public static string FormatNanoseconds(double ns)
    {
        var inv = CultureInfo.InvariantCulture;
        var a = Math.Abs(ns);
        if (a < 1e3) return ns.ToString("0", inv) + "ns";
        if (a < 1e6) return (ns / 1e3).ToString("0.##", inv) + "µs";
        if (a < 1e9) return (ns / 1e6).ToString("0.###", inv) + "ms";
        if (a < 60e9) return (ns / 1e9).ToString("0.###", inv) + "s";
        var minutes = Math.Floor(ns / 60e9);
        return minutes.ToString("0", inv) + "m" + ((ns - minutes * 60e9) / 1e9).ToString("0.#", inv) + "s";
    }

    /// <summary>Formats a <see cref="TimeSpan"/> the same way.</summary>
    public static string Format(TimeSpan value) => FormatNanoseconds(value.Ticks * 100.0);
}
