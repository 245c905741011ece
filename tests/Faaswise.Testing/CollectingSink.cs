using Faaswise.Load.Engine;
using Faaswise.Load.Results;

namespace Faaswise.Testing;

/// <summary>Keeps every result (tests only).</summary>
public sealed class CollectingSink : IResultSink
{
    public List<RequestResult> Results { get; } = [];

    public bool Completed { get; private set; }

    public void Add(in RequestResult result) => Results.Add(result);

    public void Complete() => Completed = true;
}
