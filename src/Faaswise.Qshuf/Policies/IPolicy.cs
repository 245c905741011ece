using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// A placement, scaling and shuffling policy. Decisions take the cluster's state and the time as inputs; a policy
/// keeps no clock and does no I/O, so the same code runs in the simulator and in the live controllers.
/// </summary>
public interface IPolicy
{
    /// <summary>Name on the command line and in results.</summary>
    string Name { get; }

    /// <summary>Seconds between two <see cref="Control"/> calls.</summary>
    double ControlPeriodSeconds { get; }

    /// <summary>Whether the policy runs on GPUs that never run out of memory (the oracle).</summary>
    bool UnlimitedGpuMemory => false;

    /// <summary>Initial placement, before the first request.</summary>
    void Deploy(IClusterControl cluster, double now);

    /// <summary>The periodic control loop: scaling, promotion, prefetching, eviction.</summary>
    void Control(IClusterControl cluster, double now);

    /// <summary>Picks the replica that takes a request of the function (the gateway's choice), or -1 to refuse it (503).</summary>
    int Route(IClusterControl cluster, int function, double now);
}
