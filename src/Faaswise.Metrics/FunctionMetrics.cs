namespace Faaswise.Metrics;

/// <summary>A function's usage over a window, all replicas together.</summary>
/// <param name="CpuPercent">CPU, percent of one core.</param>
/// <param name="RamBytes">Memory, bytes.</param>
/// <param name="PowerMicrowatts">Power, microwatts; NaN when it cannot be attributed.</param>
public sealed record FunctionMetrics(double CpuPercent, double RamBytes, double PowerMicrowatts);
