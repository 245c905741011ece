namespace Faaswise.Metrics;

/// <summary>The values of a dataset's <c>power_source</c> column.</summary>
public static class PowerSources
{
    /// <summary>Intel/AMD RAPL package energy counters (/sys/class/powercap).</summary>
    public const string Rapl = "rapl";

    /// <summary>Scaphandre's Prometheus exporter.</summary>
    public const string Scaphandre = "scaphandre";

    /// <summary>Kepler's Prometheus exporter.</summary>
    public const string Kepler = "kepler";

    /// <summary>A linear model of CPU utilisation (<see cref="Local.LinearPowerModel"/>).</summary>
    public const string Estimated = "estimated";
}
