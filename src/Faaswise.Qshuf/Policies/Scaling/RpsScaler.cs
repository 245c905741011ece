using System.Globalization;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// OpenFaaS's rps autoscaler: replicas = ceil(rate over 10 s x observed service time / target utilisation); a new
/// replica is a cold start where placement finds room; one replica is stopped after 60 s below target. When the
/// window begins it is written as an annotation on the replica that would stop, so a restarted controller
/// continues the window instead of beginning it again.
/// </summary>
public sealed class RpsScaler(double targetUtilisation) : IScaler
{
    /// <summary>The annotation holding when the scale-down window began, seconds.</summary>
    public const string LowSinceAnnotation = "faaswise.io/scale-down-since";

    private readonly Dictionary<int, double> _lowSince = [];

    /// <inheritdoc />
    public void Scale(IClusterSnapshot cluster, IPlacement placement, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentNullException.ThrowIfNull(decisions);
        var now = cluster.Time;
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            var spec = cluster.World.Functions[f];
            var rate = cluster.ArrivalRate(f, 10);
            var perReplica = targetUtilisation * spec.Workers / cluster.ServiceSeconds(f, onGpu: true);
            var desired = Math.Clamp((int)Math.Ceiling(rate / perReplica), Math.Max(1, spec.MinReplicas), spec.MaxReplicas);
            var live = ScaleDown.Live(cluster, f);
            if (!_lowSince.ContainsKey(f) && live.Count > 0 && live[^1].Annotations.GetValueOrDefault(LowSinceAnnotation) is { } noted
                && double.TryParse(noted, NumberStyles.Float, CultureInfo.InvariantCulture, out var since0))
            {
                _lowSince[f] = since0;
            }

            if (desired > live.Count)
            {
                Clear(f, live, decisions);
                var reason = string.Create(CultureInfo.InvariantCulture, $"rps autoscaler: {rate:0.##} req/s wants {desired} replicas, {live.Count} live");
                for (var k = live.Count; k < desired; k++)
                {
                    if (placement.Place(cluster, f, false, decisions, reason) is null) break;
                }
            }
            else if (desired < live.Count)
            {
                if (!_lowSince.TryGetValue(f, out var since))
                {
                    _lowSince[f] = since = now;
                    decisions.Add(Decision.Annotate(live[^1], LowSinceAnnotation, now.ToString("R", CultureInfo.InvariantCulture), "rps autoscaler: below target, scale-down window begins"));
                }

                if (now - since >= ScaleDown.WindowSeconds)
                {
                    decisions.Add(Decision.On(DecisionKind.Stop, live[^1], string.Create(CultureInfo.InvariantCulture,
                        $"rps autoscaler: {desired} replicas wanted for {now - since:0} s, {live.Count} live: the newest stops")));
                    _lowSince.Remove(f);
                }
            }
            else
            {
                Clear(f, live, decisions);
            }
        }
    }

    private void Clear(int function, List<Control.IReplicaView> live, DecisionList decisions)
    {
        if (!_lowSince.Remove(function) || live.Count == 0) return;
        decisions.Add(Decision.Annotate(live[^1], LowSinceAnnotation, null, "rps autoscaler: back at target, scale-down window ends"));
    }
}
