namespace Faaswise.Modeling.Forecasting;

/// <summary>Where a feature's value comes from.</summary>
public enum FeatureSource
{
    /// <summary>Sum of the rates of a group's functions.</summary>
    GroupRate,

    /// <summary>One function's rate.</summary>
    FunctionRate,

    /// <summary>The node's CPU cores.</summary>
    NodeCores,

    /// <summary>DFaaS's node_type code (HEAVY 0, MID 1, LIGHT 2).</summary>
    NodeType,

    /// <summary>The node's CPU before the load (its idle baseline).</summary>
    IdleCpu,

    /// <summary>The node's memory in use before the load.</summary>
    IdleRam,

    /// <summary>The node's power before the load.</summary>
    IdlePower,

    /// <summary>The CPU the rates demand: the sum over rate features of each one's CPU usage curve.</summary>
    DemandCpu,

    /// <summary>The memory the rates demand, summed likewise.</summary>
    DemandRam,

    /// <summary>The power the rates demand, summed likewise.</summary>
    DemandPower,

    /// <summary>The CPU the rates demand on the node's class: a class that hardly ran a function (fewer than 100 training rows) has its own curve for it.</summary>
    DemandCpuByClass,

    /// <summary>The power the rates demand on the node's class, likewise.</summary>
    DemandPowerByClass,

    /// <summary>A rate divided by the node's cores: where a function saturates, in requests/s per core, holds across node sizes.</summary>
    RatePerCore,

    /// <summary>The CPU the rates demand (<see cref="DemandCpu"/>) divided by the node's cores: the node's expected utilisation.</summary>
    DemandCpuPerCore,
}
