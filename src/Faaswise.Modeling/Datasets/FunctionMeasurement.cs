namespace Faaswise.Modeling.Datasets;

/// <summary>One function's share of a configuration, in the units DFaaS's sampler writes.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Rate">Offered load, requests/s.</param>
/// <param name="SuccessRate">Successful responses / requests, 0..1.</param>
/// <param name="CpuUsage">Function CPU, percent of one core.</param>
/// <param name="RamUsage">Function memory, bytes.</param>
/// <param name="PowerUsage">Function power, microwatts.</param>
/// <param name="Replicas">Replicas at the end of the attack.</param>
/// <param name="Overloaded">DFaaS's function overload flag.</param>
/// <param name="MeanLatencyNs">Mean latency, nanoseconds (DFaaS's <c>medium_latency</c>).</param>
public sealed record FunctionMeasurement(
    string Name,
    double Rate,
    double SuccessRate,
    double CpuUsage,
    double RamUsage,
    double PowerUsage,
    double Replicas,
    bool Overloaded,
    double MeanLatencyNs);
