using System.Globalization;

namespace Faaswise.Load.Arrivals;

/// <summary>
/// Replays a recorded plan: one send offset in seconds from the start per line, non-decreasing
/// (QShuf's trace format, the cumulative sum of its gamma gaps).
/// </summary>
public sealed record TraceArrivals : IArrivalProcess
{
    private readonly double[] _offsetsSeconds;

    /// <summary>Creates a trace from offsets in seconds; they must be finite, non-negative and non-decreasing.</summary>
    public TraceArrivals(IReadOnlyList<double> offsetsSeconds, string source = "trace")
    {
        ArgumentNullException.ThrowIfNull(offsetsSeconds);
        for (var i = 0; i < offsetsSeconds.Count; i++)
        {
            var o = offsetsSeconds[i];
            if (!double.IsFinite(o) || o < 0 || (i > 0 && o < offsetsSeconds[i - 1]))
            {
                throw new ArgumentException($"offset {i + 1} ({o}) is not a finite, non-negative, non-decreasing value", nameof(offsetsSeconds));
            }
        }

        _offsetsSeconds = [.. offsetsSeconds];
        Source = source;
    }

    /// <summary>Where the offsets came from (a file name), for reports.</summary>
    public string Source { get; }

    /// <summary>Number of arrivals in the trace.</summary>
    public int Count => _offsetsSeconds.Length;

    /// <summary>Offset of the last arrival; zero for an empty trace.</summary>
    public TimeSpan Length => _offsetsSeconds.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_offsetsSeconds[^1]);

    /// <summary>Reads a trace file; throws <see cref="FormatException"/> naming the file and line of a bad value.</summary>
    public static TraceArrivals Load(string path) => new(ReadOffsets(path), Path.GetFileName(path));

    /// <summary>
    /// The offsets of a trace file, the one reader of the format (attack, simulate and experiments all use it): one
    /// offset in seconds per line, non-decreasing; blank lines and lines starting with <c>#</c> are skipped. Throws
    /// <see cref="FormatException"/> naming the file and line of a value that is not an offset or goes back in time.
    /// </summary>
    public static IReadOnlyList<double> ReadOffsets(string path)
    {
        var offsets = new List<double>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (!double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            {
                throw new FormatException($"{path}:{lineNumber}: '{Shorten(line)}' is not an offset in seconds");
            }

            if (offsets.Count > 0 && value < offsets[^1])
            {
                throw new FormatException($"{path}:{lineNumber}: offset {line} s is before the previous one ({offsets[^1].ToString(CultureInfo.InvariantCulture)} s); offsets must not decrease");
            }

            offsets.Add(value);
        }

        return offsets;
    }

    /// <inheritdoc />
    public IEnumerable<TimeSpan> Offsets(Random random)
    {
        foreach (var seconds in _offsetsSeconds)
        {
            yield return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>Arrivals per second in the one-second window that starts at <paramref name="elapsed"/>.</summary>
    public double RateAt(TimeSpan elapsed)
    {
        var from = elapsed.TotalSeconds;
        var lo = LowerBound(from);
        var hi = LowerBound(from + 1.0);
        return hi - lo;
    }

    private int LowerBound(double value)
    {
        int lo = 0, hi = _offsetsSeconds.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_offsetsSeconds[mid] < value) lo = mid + 1; else hi = mid;
        }

        return lo;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"trace{{{Source}, {Count} arrivals over {Length.TotalSeconds:0.###} s}}");
}
