using Faaswise.Load.Engine;

namespace Faaswise.Load.Results;

/// <summary>Composition of sinks.</summary>
public static class ResultSinks
{
    /// <summary>A sink that passes every result to each of <paramref name="sinks"/> in order.</summary>
    public static IResultSink FanOut(params IResultSink[] sinks) => sinks.Length == 1 ? sinks[0] : new FanOutSink(sinks);

    private sealed class FanOutSink(IResultSink[] sinks) : IResultSink
    {
        public void Add(in RequestResult result)
        {
            foreach (var s in sinks) s.Add(result);
        }

        public void Complete()
        {
            foreach (var s in sinks) s.Complete();
        }
    }
}
