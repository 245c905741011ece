namespace Faaswise.Metrics;

/// <summary>The node's usage over a window, or just now.</summary>
/// <param name="CpuPercent">CPU, percent of one core (0..100 x cores).</param>
/// <param name="RamBytes">Memory in use (total minus available), bytes.</param>
/// <param name="RamPercent">Memory not free, cached or buffers, percent.</param>
/// <param name="PowerMicrowatts">Power, microwatts; NaN when no power source.</param>
public sealed record NodeUsage(double CpuPercent, double RamBytes, double RamPercent, double PowerMicrowatts);
