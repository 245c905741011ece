using System.Globalization;

namespace Faaswise.Experiments.Kube;

/// <summary>The samples of a Prometheus text exposition, keyed by series as written (<c>name{label="v"}</c>); comments, timestamps and malformed lines are skipped.</summary>
internal static class MetricsText
{
    public static Dictionary<string, double> Read(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var end = line.IndexOf('{', StringComparison.Ordinal) is >= 0 and var open && open < line.IndexOf(' ', StringComparison.Ordinal)
                ? line.IndexOf('}', open) + 1
                : line.IndexOf(' ', StringComparison.Ordinal);
            if (end <= 0 || end >= line.Length) continue;
            var value = line[end..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) samples[line[..end]] = v;
        }

        return samples;
    }
}
