namespace Faaswise.Metrics;

/// <summary>Node and per-function usage over one measurement window.</summary>
/// <param name="Node">The node.</param>
/// <param name="Functions">Each function asked for (zeros for one that ran nothing).</param>
public sealed record WindowUsage(NodeUsage Node, IReadOnlyDictionary<string, FunctionMetrics> Functions);
