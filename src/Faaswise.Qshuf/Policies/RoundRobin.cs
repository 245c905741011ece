using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>The gateway's choice among a function's ready replicas: round robin, as Kubernetes endpoints rotate.</summary>
internal sealed class RoundRobin(int functions)
{
    private readonly int[] _next = new int[functions];

    public int Pick(IClusterControl cluster, int function)
    {
        var replicas = cluster.ReplicasOf(function);
        var n = replicas.Count;
        for (var k = 0; k < n; k++)
        {
            var r = replicas[(_next[function] + k) % n];
            if (r.Ready && r.Phase == ReplicaPhase.Running)
            {
                _next[function] = (_next[function] + k + 1) % n;
                return r.Id;
            }
        }

        return -1;
    }
}
