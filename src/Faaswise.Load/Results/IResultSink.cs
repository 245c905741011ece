using Faaswise.Load.Engine;

namespace Faaswise.Load.Results;

/// <summary>
/// Consumes results as they complete. The attacker calls <see cref="Add"/> under a lock, one result at a time in
/// completion order, on the thread that completed the request, then <see cref="Complete"/> once after the last
/// result. Keep <see cref="Add"/> short: it runs on the engine's I/O path.
/// </summary>
public interface IResultSink
{
    /// <summary>Takes one result; O(1).</summary>
    void Add(in RequestResult result);

    /// <summary>Called once when no more results will come: flush, compute derived values.</summary>
    void Complete();
}
