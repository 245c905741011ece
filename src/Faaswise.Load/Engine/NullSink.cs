using Faaswise.Load.Results;

namespace Faaswise.Load.Engine;

/// <summary>A sink that discards results (engine warm-up).</summary>
internal sealed class NullSink : IResultSink
{
    public static readonly NullSink Instance = new();

    public void Add(in RequestResult result)
    {
    }

    public void Complete()
    {
    }
}
