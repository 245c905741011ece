namespace Faaswise.Sampling.Output;

/// <summary>What one function did during one iteration.</summary>
/// <param name="Name">Function.</param>
/// <param name="Rate">Requests/s offered.</param>
/// <param name="Success">Success ratio, 0..1 (1 at rate 0).</param>
/// <param name="CpuPercent">CPU, percent of one core.</param>
/// <param name="RamBytes">Memory, bytes.</param>
/// <param name="PowerMicrowatts">Power, microwatts (NaN when not attributable).</param>
/// <param name="Replicas">Replicas at the end of the attack.</param>
/// <param name="Overloaded">DFaaS's function rule.</param>
/// <param name="MeanLatencyNs">Mean latency, ns (0 at rate 0).</param>
public sealed record FunctionResult(string Name, int Rate, double Success, double CpuPercent, double RamBytes, double PowerMicrowatts, int Replicas, bool Overloaded, long MeanLatencyNs);

/// <summary>One row of a results file: every function of the configuration, then the node.</summary>
public sealed record ResultRow(
    IReadOnlyList<FunctionResult> Functions,
    Metrics.NodeUsage Idle,
    Metrics.NodeUsage Node,
    double RestSeconds,
    bool NodeOverloaded,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Iteration,
    int NodeCores,
    double NodeMemoryBytes,
    string PowerSource);
