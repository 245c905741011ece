namespace Faaswise.Load.Tests.Testing;

/// <summary>Tests that measure time run alone, not beside CPU-heavy tests on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingTests
{
    public const string Name = "timing";
}
