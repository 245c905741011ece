using Faaswise.Load.Engine;
using Faaswise.Load.Results;

namespace Faaswise.Load.Tests.Results;

public class ThresholdAndLogReportTests
{
    private const long T0 = 1_764_720_000_000_000_000;

    // 100 requests to two URLs, latencies 1..100 ms from the intended send; every tenth answered 503.
    private static LogReport Report(string? histogram = null)
    {
        var report = new LogReport(histogram is null ? null : LogReport.HistogramEdges(histogram));
        report.Add(Enumerable.Range(1, 100).Select(i =>
            new RequestLogRow(T0 + i * 10_000_000L, T0 + i * 10_000_000L + i * 1_000_000L, i % 2 == 0 ? "http://a/x" : "http://a/y", i % 10 == 0 ? 503 : 200, i % 10 == 0 ? "503 Service Unavailable" : null, T0 + i * 10_000_000L)));
        return report;
    }

    [Theory]
    [InlineData("p99<200ms", true)]
    [InlineData("p99<50ms", false)]
    [InlineData("p50<=51ms", true)]
    [InlineData("max<100ms", false)]
    [InlineData("max<=100ms", true)]
    [InlineData("success>89.9%", true)]
    [InlineData("success>=90.1%", false)]
    [InlineData("success>0.85", true)]
    [InlineData("errors<=10", true)]
    [InlineData("errors<10", false)]
    [InlineData("requests==100", true)]
    [InlineData("rate>=101", false)]
    [InlineData("lag_p99<1ms", true)]
    public void A_threshold_passes_exactly_when_the_report_meets_it(string text, bool passes)
    {
        var summary = Report().Report();

        Assert.Equal(passes, Threshold.Parse(text).Evaluate(summary).Passed);
    }

    [Theory]
    [InlineData("p99", "is not METRIC OP VALUE")]
    [InlineData("p99<200", "p99 needs a duration with a unit")]
    [InlineData("success>lots", "success needs a percentage")]
    [InlineData("p42<1s", "unknown metric 'p42'")]
    public void A_malformed_threshold_is_refused_with_its_reason(string text, string reason)
    {
        Assert.Contains(reason, Assert.Throws<FormatException>(() => Threshold.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAll_writes_a_line_per_threshold_with_the_measured_value_and_fails_if_one_fails()
    {
        using var output = new StringWriter();

        var passed = Threshold.CheckAll([Threshold.Parse("max<200ms"), Threshold.Parse("success>99%")], Report().Report(), output);

        Assert.False(passed);
        Assert.Equal(["threshold max<200ms: ok (max 100ms)", "threshold success>99%: FAILED (success 90 %)"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_log_report_has_a_section_per_url_whose_counts_add_up_to_the_whole()
    {
        var summary = Report().Report();

        Assert.Equal(100, summary.Requests);
        Assert.Equal(["http://a/x", "http://a/y"], summary.Targets.Select(t => t.Url).Order(StringComparer.Ordinal));
        Assert.Equal(summary.Requests, summary.Targets.Sum(t => t.Requests));
        Assert.Equal(0.9, summary.Success, 6);
        Assert.Equal(10, summary.StatusCodes["503"]);
        Assert.InRange(summary.Latencies.P50, 49_900_000, 50_100_000);
    }

    [Fact]
    public void The_histogram_counts_each_latency_once_in_the_bucket_that_holds_it()
    {
        using var output = new StringWriter();

        Report("hist[0,10ms,50ms]").WriteHistogram(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal([9L, 40, 51], lines.Skip(1).Select(l => long.Parse(l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("hist[]")]
    [InlineData("hist[5ms,1ms]")]
    [InlineData("hist[0,soon]")]
    [InlineData("histogram")]
    public void Histogram_edges_must_be_ascending_durations(string type)
    {
        Assert.Throws<FormatException>(() => LogReport.HistogramEdges(type));
    }

    [Fact]
    public void The_hdr_table_is_hdrhistograms_percentile_distribution_in_milliseconds()
    {
        using var output = new StringWriter();

        Report().WriteHdr(output);

        var text = output.ToString();
        Assert.Contains("Value     Percentile TotalCount 1/(1-Percentile)", text, StringComparison.Ordinal);
        Assert.Contains("#[Max     =      100.", text, StringComparison.Ordinal);
        Assert.Contains("Total count    =          100", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Latency_over_time_has_a_series_per_url_and_outcome_and_leaves_dropped_sends_out()
    {
        RequestLogRow[] rows =
        [
            new(T0 + 2_000_000_000, T0 + 2_005_000_000, "http://a/x", 200, null),
            new(T0, T0 + 3_000_000, "http://a/x", 200, null),
            new(T0 + 1_000_000_000, T0 + 1_500_000_000, "http://a/x", 503, "503 Service Unavailable"),
            new(T0 + 500_000_000, T0 + 500_000_000, "http://a/y", 0, RequestResult.DroppedError),
            new(T0 + 500_000_000, T0 + 501_000_000, "http://a/y", 200, null),
        ];

        var series = LatencyOverTime.Of(rows);

        Assert.Equal(["http://a/x ok", "http://a/x failed", "http://a/y ok"], series.Select(s => s.Label));
        Assert.Equal([0.0, 2.0], series[0].Seconds);
        Assert.Equal([3.0, 5.0], series[0].LatencyMs);
        Assert.Equal([500.0], series[1].LatencyMs);
        Assert.Equal([0.5], series[2].Seconds);
    }

    [Fact]
    public void Errors_count_dropped_sends_as_well_as_answers_outside_200_to_399()
    {
        var report = Report();
        report.Add([new RequestLogRow(T0, T0, "http://a/x", 0, RequestResult.DroppedError)]);

        Assert.Equal(11, Threshold.Parse("errors<=0").Evaluate(report.Report()).Actual);
    }
}
