using System.Globalization;
using Faaswise.Metrics;

namespace Faaswise.Sampling.Running;

/// <summary>DFaaS's rest: poll until CPU, RAM and power are back near the idle baseline, then until every function is below two replicas.</summary>
public static class Rest
{
    /// <summary>
    /// The last reading (recorded as the row's idle columns) and the seconds waited. Without rest it is the run's idle
    /// baseline, not a reading now: right after an attack that would be its tail, not idle.
    /// </summary>
    /// <exception cref="RestTimeoutException">The node stayed busy past the timeout.</exception>
    public static async Task<(NodeUsage Idle, double Seconds)> WaitAsync(
        RestOptions options, NodeUsage baseline, IMetricsSource metrics, ISamplingPlatform platform, IReadOnlyList<string> functions, TimeProvider clock, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(clock);
        if (!options.Enabled) return (baseline, 0);
        var started = clock.GetUtcNow();
        var now = await metrics.NodeNowAsync(cancellation).ConfigureAwait(false);
        while (!Calm(options, baseline, now))
        {
            await PauseAsync(options, started, clock, $"the node did not return near idle: CPU {now.CpuPercent:F1} % (idle {baseline.CpuPercent:F1} %), RAM {now.RamBytes / 1e6:F0} MB (idle {baseline.RamBytes / 1e6:F0} MB)", cancellation).ConfigureAwait(false);
            now = await metrics.NodeNowAsync(cancellation).ConfigureAwait(false);
        }

        while (true)
        {
            var replicas = await platform.ReplicasAsync(functions, cancellation).ConfigureAwait(false);
            var busy = replicas.Where(r => r.Value >= options.ReplicasBelow).ToArray();
            if (busy.Length == 0) break;
            await PauseAsync(options, started, clock, "replicas did not scale down: " + string.Join(", ", busy.Select(b => $"{b.Key} {b.Value}")), cancellation).ConfigureAwait(false);
        }

        return (now, (clock.GetUtcNow() - started).TotalSeconds);
    }

    private static bool Calm(RestOptions options, NodeUsage baseline, NodeUsage now) =>
        now.CpuPercent <= options.Factor * baseline.CpuPercent + options.CpuSlackPercent
        && now.RamBytes <= options.Factor * baseline.RamBytes
        && !(now.PowerMicrowatts > options.Factor * baseline.PowerMicrowatts); // NaN power compares false: ignored, as in DFaaS

    private static async Task PauseAsync(RestOptions options, DateTimeOffset started, TimeProvider clock, string state, CancellationToken cancellation)
    {
        if (clock.GetUtcNow() - started + options.Poll > options.Timeout)
        {
            throw new RestTimeoutException(string.Create(CultureInfo.InvariantCulture, $"rest timed out after {options.Timeout.TotalSeconds:0} s: {state}"));
        }

        await Task.Delay(options.Poll, clock, cancellation).ConfigureAwait(false);
    }
}
