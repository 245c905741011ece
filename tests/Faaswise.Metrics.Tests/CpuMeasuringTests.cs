namespace Faaswise.Metrics.Tests;

/// <summary>Tests that compare busy and idle CPU windows run one at a time: another test's load would be "idle" time's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuMeasuringTests
{
    public const string Name = "cpu measuring";
}
