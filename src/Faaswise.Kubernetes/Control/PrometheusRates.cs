using System.Globalization;
using Faaswise.Metrics.Prometheus;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// The functions' traffic from the OpenFaaS gateway's metrics in Prometheus, with QShuf's scaler queries
/// (reference/qshuf.md §1.5) fixed: the function is matched exactly (QShuf's <c>=~"fn.ns"</c> made the dot a wildcard),
/// one query per signal for every function (<c>by (function_name)</c>) rather than one per function, and an empty or NaN
/// cv reads as 0 as QShuf intended. The rate over the last 30 s stands for the simulator's 10 s window (a scrape every
/// 15 s leaves too few points in 10 s).
/// </summary>
public sealed class PrometheusRates(PrometheusClient client, ClusterWorld world, string ns)
{
    /// <summary>The queries, by the signal they give (recorded in a run's manifest and in the docs).</summary>
    public IReadOnlyDictionary<string, string> Queries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["irate"] = $"sum by (function_name) (irate(gateway_function_invocation_started{{function_name=~\".+\\\\.{ns}\"}}[1m]))",
        ["cv"] = $"stddev_over_time(sum by (function_name) (irate(gateway_function_invocation_started{{function_name=~\".+\\\\.{ns}\"}}[1m]))[10m:1s])"
            + $" / avg_over_time(sum by (function_name) (irate(gateway_function_invocation_started{{function_name=~\".+\\\\.{ns}\"}}[1m]))[10m:1s])",
        ["outstanding"] = $"sum by (function_name) (gateway_function_invocation_started{{function_name=~\".+\\\\.{ns}\"}})"
            + $" - sum by (function_name) (gateway_function_invocation_total{{function_name=~\".+\\\\.{ns}\"}})",
        ["rate"] = $"sum by (function_name) (rate(gateway_function_invocation_started{{function_name=~\".+\\\\.{ns}\"}}[30s]))",
    };

    /// <summary>Every function's traffic now; a function the gateway has not seen reads as idle.</summary>
    public async Task<IReadOnlyList<FunctionObservation>> ObserveAsync(CancellationToken cancellation)
    {
        var irate = await ByFunctionAsync("irate", cancellation).ConfigureAwait(false);
        var cv = await ByFunctionAsync("cv", cancellation).ConfigureAwait(false);
        var outstanding = await ByFunctionAsync("outstanding", cancellation).ConfigureAwait(false);
        var rate = await ByFunctionAsync("rate", cancellation).ConfigureAwait(false);
        return world.Functions.Select((_, f) => new FunctionObservation(
            Rate: rate[f],
            Irate: irate[f],
            IrateCv: double.IsFinite(cv[f]) ? cv[f] : 0,
            Outstanding: (int)Math.Max(0, Math.Round(outstanding[f])))).ToArray();
    }

    private async Task<double[]> ByFunctionAsync(string signal, CancellationToken cancellation)
    {
        var query = Queries[signal];
        var values = new double[world.Functions.Count];
        var result = await client.QueryAsync(query, cancellation: cancellation).ConfigureAwait(false);
        var suffix = "." + ns;
        foreach (var series in result.Series)
        {
            if (!series.Labels.TryGetValue("function_name", out var label) || !label.EndsWith(suffix, StringComparison.Ordinal) || series.Samples.Count == 0) continue;
            var f = world.FunctionIndex(label[..^suffix.Length]);
            if (f >= 0) values[f] = series.Samples[^1].Value;
        }

        return values;
    }

    /// <summary>For logs: the signal names.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Prometheus ({string.Join(", ", Queries.Keys)})");
}
