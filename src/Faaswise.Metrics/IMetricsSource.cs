namespace Faaswise.Metrics;

/// <summary>Where node and function metrics come from: the local collector or Prometheus.</summary>
public interface IMetricsSource
{
    /// <summary>What it is, for manifests and messages (<c>local</c>, <c>prometheus http://...</c>).</summary>
    string Description { get; }

    /// <summary>The <c>power_source</c> of its power values.</summary>
    string PowerSource { get; }

    /// <summary>The node's CPU cores.</summary>
    int NodeCores { get; }

    /// <summary>The node's memory, bytes.</summary>
    double NodeMemoryBytes { get; }

    /// <summary>What the source asks for a window of this length, by dataset column, for a dataset's manifest; none for a source that does not query.</summary>
    IReadOnlyDictionary<string, string> QueriesFor(TimeSpan window) => new Dictionary<string, string>();

    /// <summary>The node's usage over the last few seconds: the idle baseline and the rest checks.</summary>
    Task<NodeUsage> NodeNowAsync(CancellationToken cancellation);

    /// <summary>Node and function usage over exactly [windowStart, windowEnd].</summary>
    /// <exception cref="MetricsException">The window holds too few samples, or the source failed.</exception>
    Task<WindowUsage> WindowAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, IReadOnlyList<string> functions, CancellationToken cancellation);
}
