using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>The gateway's choice among a function's ready replicas: round robin, as Kubernetes endpoints rotate (the position is soft state).</summary>
public sealed class RoundRobinRouter : IRouter
{
    private int[] _next = [];

    /// <inheritdoc />
    public RouteDecision Route(IClusterSnapshot cluster, int function, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (_next.Length <= function) Array.Resize(ref _next, cluster.World.Functions.Count);
        var replicas = cluster.ReplicasOf(function);
        var n = replicas.Count;
        for (var k = 0; k < n; k++)
        {
            var i = (_next[function] + k) % n;
            var r = replicas[i];
            if (r.Ready && r.Phase == ReplicaPhase.Running)
            {
                _next[function] = (i + 1) % n;
                return new RouteDecision(r, "round robin");
            }
        }

        return RouteDecision.Refuse("no ready replica");
    }
}
