namespace Faaswise.Metrics.Local;

/// <summary>
/// Power estimated from CPU utilisation when no meter is readable: idle power plus a per-core share of the busy power,
/// <c>P = idle + (max - idle) x utilisation</c>. The parameters are the user's; the defaults describe a small server
/// (20 W idle, 10 W more per fully busy core) and every row that uses it says <c>power_source = estimated</c>.
/// </summary>
/// <param name="IdleWatts">Power of the idle node, watts.</param>
/// <param name="WattsPerBusyCore">Extra power of one fully busy core, watts.</param>
public sealed record LinearPowerModel(double IdleWatts = 20, double WattsPerBusyCore = 10)
{
    /// <summary>Node power for a CPU figure in percent of one core, microwatts.</summary>
    public double NodeMicrowatts(double cpuPercent) => (IdleWatts + WattsPerBusyCore * Math.Max(0, cpuPercent) / 100) * 1e6;

    /// <summary>The dynamic power of a function using <paramref name="cpuPercent"/>, microwatts.</summary>
    public double FunctionMicrowatts(double cpuPercent) => WattsPerBusyCore * Math.Max(0, cpuPercent) / 100 * 1e6;
}
