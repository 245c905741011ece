using System.Globalization;
using Faaswise.LocalFaas.Functions;
using Faaswise.LocalFaas.Replicas;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faaswise.LocalFaas.Scaling;

/// <summary>
/// Every <see cref="GatewayOptions.ScaleInterval"/>, samples each autoscaled function's load and applies
/// <see cref="AutoscalePolicy"/> through a <see cref="ScaleDownStabilizer"/>.
/// </summary>
internal sealed class Autoscaler(FunctionRegistry functions, GatewayOptions options, TimeProvider time, ILoggerFactory logs) : BackgroundService
{
    private readonly ILogger _logger = logs.CreateLogger("Faaswise.LocalFaas.Autoscaler");
    private readonly Dictionary<ReplicaSet, (LoadWindow Load, ScaleDownStabilizer Stabilizer, ScalingSpec Spec)> _state = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Autoscaling) return;
        using var timer = new PeriodicTimer(options.ScaleInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One look at every function.</summary>
    internal void Tick()
    {
        var now = time.GetElapsedTime(0);
        var live = functions.All;
        foreach (var gone in _state.Keys.Except(live).ToArray()) _state.Remove(gone);
        foreach (var set in live)
        {
            var spec = set.Definition.Scaling;
            if (!_state.TryGetValue(set, out var s) || !ReferenceEquals(s.Spec, spec))
            {
                s = (new LoadWindow(options.LoadWindow), new ScaleDownStabilizer(options.ScaleDownWindow), spec);
                _state[set] = s;
            }

            s.Load.Add(now, set.Invocations, set.Load);
            if (!spec.Autoscaled) continue;
            var load = s.Load.Load(spec.Type);
            var idle = now - set.LastInvocationAt >= spec.ZeroDuration;
            var desired = AutoscalePolicy.Desired(spec, load, idle);
            var target = desired == 0 ? 0 : s.Stabilizer.Recommend(now, desired);
            var current = set.Desired;
            if (target == current || (current == 0 && target > 0 && load <= 0)) continue;
            set.Scale(target);
            var what = string.Create(CultureInfo.InvariantCulture,
                $"{(spec.Type == ScalingType.Rps ? "rps" : "in flight")} {load:0.##}, target {spec.Target:0.##} per replica");
            Log.Autoscaled(_logger, set.Definition.Name, current, target, what);
        }
    }
}
