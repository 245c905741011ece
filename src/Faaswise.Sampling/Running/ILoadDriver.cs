namespace Faaswise.Sampling.Running;

/// <summary>Open-loop load at several functions at once.</summary>
public interface ILoadDriver
{
    /// <summary>Sends each target its rate for the duration, all at once; per function what came back.</summary>
    Task<IReadOnlyDictionary<string, LoadResult>> AttackAsync(IReadOnlyList<LoadTarget> targets, TimeSpan duration, CancellationToken cancellation);
}

/// <summary>A function's share of an attack.</summary>
/// <param name="Function">Function name.</param>
/// <param name="Url">Its invocation URL.</param>
/// <param name="Body">Request body.</param>
/// <param name="Rate">Requests/s.</param>
public sealed record LoadTarget(string Function, Uri Url, byte[] Body, int Rate);

/// <summary>What one function's load gave.</summary>
/// <param name="Success">Successful responses / requests.</param>
/// <param name="MeanLatencyNs">Mean latency from the intended send time, ns.</param>
/// <param name="Requests">Requests sent.</param>
public sealed record LoadResult(double Success, long MeanLatencyNs, long Requests);
