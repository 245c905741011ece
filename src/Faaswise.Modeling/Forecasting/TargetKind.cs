namespace Faaswise.Modeling.Forecasting;

/// <summary>What a target measures.</summary>
public enum TargetKind
{
    /// <summary>The node's CPU.</summary>
    NodeCpu,

    /// <summary>The node's memory in use.</summary>
    NodeRam,

    /// <summary>The node's power.</summary>
    NodePower,

    /// <summary>Summed CPU of a set of functions.</summary>
    Cpu,

    /// <summary>Summed memory of a set of functions.</summary>
    Ram,

    /// <summary>Summed power of a set of functions.</summary>
    Power,

    /// <summary>Mean latency over the set's functions that had load.</summary>
    Latency,
}
