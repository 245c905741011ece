using System.Globalization;
using System.Text.RegularExpressions;
using Faaswise.Load.Units;

namespace Faaswise.Load.Results;

/// <summary>
/// A pass/fail condition on a report, as k6's thresholds: <c>p99&lt;200ms</c>, <c>p50&lt;=20ms</c>, <c>mean&lt;50ms</c>,
/// <c>max&lt;1s</c>, <c>success&gt;99.9%</c>, <c>rate&gt;=100</c>, <c>throughput&gt;90</c>, <c>errors&lt;=0</c>,
/// <c>lag_p99&lt;10ms</c>. Latencies are from the intended send time (open loop), as the report's.
/// </summary>
public sealed partial record Threshold(string Text, string Metric, string Operator, double Limit)
{
    private static readonly string[] Latencies = ["mean", "min", "max", "p50", "p90", "p95", "p99"];

    [GeneratedRegex(@"^\s*(?<metric>[a-z_0-9]+)\s*(?<op><=|>=|<|>|==)\s*(?<value>[^\s]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Form();

    /// <summary>Parses one threshold; <see cref="FormatException"/> with a one-line reason.</summary>
    public static Threshold Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Form().Match(text);
        if (!m.Success) throw new FormatException($"threshold '{text}' is not METRIC OP VALUE, as in p99<200ms or success>99.9%");
        var metric = m.Groups["metric"].Value;
        var value = m.Groups["value"].Value;
        var latency = Latencies.Contains(metric.StartsWith("lag_", StringComparison.Ordinal) ? metric[4..] : metric);
        double limit;
        if (latency)
        {
            limit = DurationText.TryParse(value, out var d) ? d.Ticks * 100.0
                : throw new FormatException($"threshold '{text}': {metric} needs a duration with a unit, as in 200ms");
        }
        else if (metric == "success")
        {
            limit = value.EndsWith('%') && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) ? percent / 100
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share <= 1 ? share
                : throw new FormatException($"threshold '{text}': success needs a percentage, as in 99.9%");
        }
        else if (metric is "rate" or "throughput" or "errors" or "requests")
        {
            limit = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
                : throw new FormatException($"threshold '{text}': {metric} needs a number");
        }
        else
        {
            throw new FormatException($"threshold '{text}': unknown metric '{metric}' (p50, p90, p95, p99, mean, min, max, lag_p99 ..., success, rate, throughput, errors, requests)");
        }

        return new Threshold(text.Trim(), metric, m.Groups["op"].Value, limit);
    }

    /// <summary>The report's value of the metric (nanoseconds for latencies, a share for success) and whether it passes.</summary>
    public (double Actual, bool Passed) Evaluate(ResultSummary report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var actual = Value(report);
        var passed = Operator switch
        {
            "<" => actual < Limit,
            "<=" => actual <= Limit,
            ">" => actual > Limit,
            ">=" => actual >= Limit,
            _ => actual == Limit,
        };
        return (actual, passed);
    }

    /// <summary>A value of this metric as the report's text shows it, with its unit.</summary>
    public string Show(double value) => Metric switch
    {
        "success" => (value * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %",
        "rate" or "throughput" => value.ToString("0.###", CultureInfo.InvariantCulture) + "/s",
        "errors" or "requests" => value.ToString("0", CultureInfo.InvariantCulture),
        _ => DurationText.FormatNanoseconds(value),
    };

    /// <summary>Checks every threshold against <paramref name="report"/>, one line each on <paramref name="output"/>; true when all pass.</summary>
    public static bool CheckAll(IReadOnlyList<Threshold> thresholds, ResultSummary report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(output);
        var all = true;
        foreach (var t in thresholds)
        {
            var (actual, passed) = t.Evaluate(report);
            all &= passed;
            output.WriteLine($"threshold {t.Text}: {(passed ? "ok" : "FAILED")} ({t.Metric} {t.Show(actual)})");
        }

        return all;
    }

    private double Value(ResultSummary r)
    {
        var lag = Metric.StartsWith("lag_", StringComparison.Ordinal);
        var l = lag ? r.ScheduleLag : r.Latencies;
        return (lag ? Metric[4..] : Metric) switch
        {
            "mean" => l.Mean,
            "min" => l.Min,
            "max" => l.Max,
            "p50" => l.P50,
            "p90" => l.P90,
            "p95" => l.P95,
            "p99" => l.P99,
            "success" => r.Success,
            "rate" => r.Rate,
            "throughput" => r.Throughput,
            "requests" => r.Requests,
            // errors: sends not answered 200..399, dropped ones included (they count against success too).
            _ => r.Dropped + r.StatusCodes.Sum(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var code) && code is >= 200 and < 400 ? 0 : c.Value),
        };
    }
}
