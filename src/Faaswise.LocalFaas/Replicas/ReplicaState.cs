namespace Faaswise.LocalFaas.Replicas;

/// <summary>Where a replica is in its life.</summary>
public enum ReplicaState
{
    /// <summary>Its process is starting; it takes no requests yet.</summary>
    Starting,

    /// <summary>It takes requests.</summary>
    Ready,

    /// <summary>It finishes what it has and takes nothing new, then stops.</summary>
    Stopping,

    /// <summary>Its process has exited.</summary>
    Exited,
}
