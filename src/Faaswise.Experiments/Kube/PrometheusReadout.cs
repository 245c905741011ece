using System.Globalization;
using System.Text;
using Faaswise.Metrics.Prometheus;

namespace Faaswise.Experiments.Kube;

/// <summary>
/// A run's metrics as Prometheus holds them, with QShuf's collector queries (reference/qshuf.md §1.5) fixed: the
/// gateway's counters are read at the run's start and end and subtracted (QShuf's invoke_count), not estimated with
/// irate; the function is matched exactly; GPU utilisation is <c>DCGM_FI_DEV_GPU_UTIL</c>, not the decoder's; power is
/// the mean of the gauge, not <c>rate()</c> of it; pod memory is the working set alone, not four overlapping series
/// added up. Written to prometheus.csv, one row per series; a query with no series gets one row without a value, so
/// what the cluster lacks (DCGM, kube-state-metrics) shows.
/// </summary>
public sealed class PrometheusReadout(PrometheusClient client, string ns)
{
    /// <summary>prometheus.csv's columns.</summary>
    public const string Header = "signal,series,value,unit,promql";

    /// <summary>How long to wait for Prometheus to scrape the gateway once more after a run.</summary>
    public static readonly TimeSpan FreshPatience = TimeSpan.FromSeconds(90);

    private string Fn => $"function_name=~\".+\\\\.{ns}\"";

    /// <summary>The counters read at start and end: (signal, unit, PromQL).</summary>
    public IReadOnlyList<(string Signal, string Unit, string Query)> Counters =>
    [
        ("gateway_invocations", "requests", $"sum by (function_name, code) (gateway_function_invocation_total{{{Fn}}})"),
        ("gateway_seconds_sum", "s", $"sum by (function_name) (gateway_functions_seconds_sum{{{Fn}}})"),
        ("gateway_seconds_count", "requests", $"sum by (function_name) (gateway_functions_seconds_count{{{Fn}}})"),
        ("router_refusals", "requests", $"sum by (function_name, reason) (faaswise_router_refused_total{{{Fn}}})"),
    ];

    /// <summary>The window queries evaluated at the run's end over its length ([W]): (signal, unit, PromQL with W).</summary>
    public IReadOnlyList<(string Signal, string Unit, string Query)> Windows =>
    [
        ("gpu_memory_used_mean", "MiB", "avg_over_time(DCGM_FI_DEV_FB_USED[W])"),
        ("gpu_memory_used_max", "MiB", "max_over_time(DCGM_FI_DEV_FB_USED[W])"),
        ("gpu_util_mean", "%", "avg_over_time(DCGM_FI_DEV_GPU_UTIL[W])"),
        ("gpu_power_mean", "W", "avg_over_time(DCGM_FI_DEV_POWER_USAGE[W])"),
        ("node_cpu_busy", "cores", "sum by (instance) (rate(node_cpu_seconds_total{mode!~\"idle|iowait|steal\"}[W]))"),
        ("pod_memory_working_set_mean", "bytes", $"sum by (pod) (avg_over_time(container_memory_working_set_bytes{{namespace=\"{ns}\",container!=\"\",container!=\"POD\"}}[W]))"),
        ("replicas_available_mean", "replicas", $"avg_over_time(kube_deployment_status_replicas_available{{namespace=\"{ns}\"}}[W])"),
        ("runtime_gpu_busy", "s", $"sum by (pod) (increase(faaswise_runtime_busy_seconds_total{{device=\"cuda\",namespace=\"{ns}\"}}[W]))"),
    ];

    /// <summary>Every query as the manifest records it.</summary>
    public IEnumerable<string> Describe() =>
        Counters.Select(c => $"prometheus {c.Signal} ({c.Unit}, end minus start): {c.Query}")
            .Concat(Windows.Select(w => $"prometheus {w.Signal} ({w.Unit}, over the run, W = its length): {w.Query}"));

    /// <summary>The counters at <paramref name="time"/>, by signal and series.</summary>
    public async Task<Dictionary<(string Signal, string Series), double>> CountersAsync(DateTimeOffset time, CancellationToken cancellation)
    {
        var values = new Dictionary<(string, string), double>();
        foreach (var (signal, _, query) in Counters)
        {
            var result = await client.QueryAsync(query, time, cancellation).ConfigureAwait(false);
            foreach (var s in result.Series.Where(s => s.Samples.Count > 0)) values[(signal, Labels(s))] = s.Samples[^1].Value;
        }

        return values;
    }

    /// <summary>Waits (up to <see cref="FreshPatience"/>) until Prometheus has scraped the gateway after <paramref name="end"/>; false when it did not, or holds no gateway series.</summary>
    public async Task<bool> FreshAsync(DateTimeOffset end, CancellationToken cancellation)
    {
        var query = $"max(timestamp(gateway_function_invocation_started{{{Fn}}}))";
        var until = DateTimeOffset.UtcNow + FreshPatience;
        while (true)
        {
            var result = await client.QueryAsync(query, cancellation: cancellation).ConfigureAwait(false);
            if (result.IsEmpty) return false;
            if (result.Series[0].Samples[^1].Value >= end.ToUnixTimeMilliseconds() / 1000.0) return true;
            if (DateTimeOffset.UtcNow > until) return false;
            await Task.Delay(500, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Writes prometheus.csv for a run from <paramref name="start"/> to <paramref name="end"/>, with the counters read at the start.</summary>
    public async Task WriteAsync(string path, Dictionary<(string Signal, string Series), double> atStart, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(atStart);
        var b = new StringBuilder(Header).Append('\n');
        var atEnd = await CountersAsync(DateTimeOffset.UtcNow, cancellation).ConfigureAwait(false);
        foreach (var (signal, unit, query) in Counters)
        {
            var series = atEnd.Keys.Where(k => k.Signal == signal).Order().ToList();
            if (series.Count == 0) Row(b, signal, "", null, unit, query);
            foreach (var key in series) Row(b, signal, key.Series, atEnd[key] - atStart.GetValueOrDefault(key), unit, query);
        }

        foreach (var key in atEnd.Keys.Where(k => k.Signal == "gateway_seconds_sum").Order())
        {
            var count = atEnd.GetValueOrDefault(("gateway_seconds_count", key.Series)) - atStart.GetValueOrDefault(("gateway_seconds_count", key.Series));
            var sum = atEnd[key] - atStart.GetValueOrDefault(key);
            Row(b, "gateway_latency_mean", key.Series, count > 0 ? sum / count : null, "s", "gateway_seconds_sum / gateway_seconds_count (end minus start)");
        }

        var window = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Ceiling((end - start).TotalSeconds)):0}s");
        foreach (var (signal, unit, template) in Windows)
        {
            var query = template.Replace("[W]", $"[{window}]", StringComparison.Ordinal);
            var result = await client.QueryAsync(query, end, cancellation).ConfigureAwait(false);
            var series = result.Series.Where(s => s.Samples.Count > 0).OrderBy(Labels, StringComparer.Ordinal).ToList();
            if (series.Count == 0) Row(b, signal, "", null, unit, query);
            foreach (var s in series) Row(b, signal, Labels(s), s.Samples[^1].Value, unit, query);
        }

        await File.WriteAllTextAsync(path, b.ToString(), cancellation).ConfigureAwait(false);
    }

    private static string Labels(PrometheusSeries s) =>
        string.Join(' ', s.Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    private static void Row(StringBuilder b, string signal, string series, double? value, string unit, string query) =>
        b.Append(signal).Append(',').Append(Quote(series)).Append(',')
            .Append(value is { } v && double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : "")
            .Append(',').Append(unit).Append(',').Append(Quote(query)).Append('\n');

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
        ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : text;
}
