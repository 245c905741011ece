using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// The bound: GPUs that never run out of memory, every function's model resident on every GPU from the start (up
/// to two processes per GPU, as many as <see cref="FaaswisePolicy"/> may plan, while the nodes have CPU for them),
/// each request sent to the copy with the earliest expected completion and refused at once when that misses its
/// SLO, as faaswise does.
/// </summary>
public sealed class OraclePolicy : IPolicy
{
    /// <inheritdoc />
    public string Name => "oracle";

    /// <inheritdoc />
    public double ControlPeriodSeconds => 60;

    /// <inheritdoc />
    public bool UnlimitedGpuMemory => true;

    /// <inheritdoc />
    public void Deploy(IClusterControl cluster, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        for (var k = 0; k < FaaswisePolicy.CopiesPerGpu; k++)
        {
            for (var f = 0; f < cluster.World.Functions.Count; f++)
            {
                for (var g = 0; g < cluster.World.Gpus.Count; g++) cluster.StartReplica(f, g, onGpu: true, ready: true, reserve: false);
            }
        }
    }

    /// <inheritdoc />
    public void Control(IClusterControl cluster, double now)
    {
    }

    /// <inheritdoc />
    public int Route(IClusterControl cluster, int function, double now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var best = -1;
        var bestSeconds = double.PositiveInfinity;
        foreach (var r in cluster.ReplicasOf(function))
        {
            var seconds = CompletionEstimate.Seconds(cluster, r, now, 0);
            if (seconds < bestSeconds)
            {
                best = r.Id;
                bestSeconds = seconds;
            }
        }

        return bestSeconds <= cluster.World.Functions[function].SloSeconds ? best : -1;
    }
}
