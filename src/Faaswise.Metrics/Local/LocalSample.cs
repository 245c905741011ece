namespace Faaswise.Metrics.Local;

/// <summary>One reading of the local collector.</summary>
internal sealed record LocalSample(
    DateTimeOffset Time,
    CpuTimes Cpu,
    MemInfo Memory,
    double[]? Energy,
    IReadOnlyDictionary<string, (double CpuSeconds, double RamBytes)> Functions);
