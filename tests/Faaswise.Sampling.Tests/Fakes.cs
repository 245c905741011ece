using Faaswise.Metrics;
using Faaswise.Sampling.Running;

namespace Faaswise.Sampling.Tests;

/// <summary>Metrics that read busy for a number of polls, then idle; windows report fixed usage.</summary>
internal sealed class FakeMetrics(TimeProvider clock, int busyPolls) : IMetricsSource
{
    private int polls;

    public string Description => "fake";

    public string PowerSource => PowerSources.Estimated;

    public int NodeCores => 4;

    public double NodeMemoryBytes => 8e9;

    public double WindowCpu { get; set; } = 50;

    public Task<NodeUsage> NodeNowAsync(CancellationToken cancellation)
    {
        _ = clock;
        return Task.FromResult(polls++ < busyPolls ? new NodeUsage(90, 2e9, 40, double.NaN) : new NodeUsage(10, 1e9, 20, double.NaN));
    }

    public Task<WindowUsage> WindowAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, IReadOnlyList<string> functions, CancellationToken cancellation) =>
        Task.FromResult(new WindowUsage(new NodeUsage(WindowCpu, 1.5e9, 30, 3e7), functions.ToDictionary(f => f, _ => new FunctionMetrics(5, 1e6, 1e6))));
}

/// <summary>A platform whose functions are always deployed, with a replica count that drops after some calls.</summary>
internal sealed class FakePlatform : ISamplingPlatform
{
    private int calls;

    public int Replicas { get; set; } = 1;

    public int ScaleDownAfterCalls { get; set; }

    public List<string> Deployed { get; } = [];

    public string Description => "fake";

    public Task EnsureDeployedAsync(IReadOnlyList<string> functions, CancellationToken cancellation)
    {
        Deployed.Add(string.Join(",", functions));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, int>> ReplicasAsync(IReadOnlyList<string> functions, CancellationToken cancellation)
    {
        var count = calls++ < ScaleDownAfterCalls ? Replicas : 1;
        return Task.FromResult<IReadOnlyDictionary<string, int>>(functions.ToDictionary(f => f, _ => count));
    }

    public Uri FunctionUrl(string name) => new($"http://127.0.0.1:1/function/{name}");
}

/// <summary>Load that returns at once with a success ratio per function (1 unless set), failing the first N calls.</summary>
internal sealed class FakeLoad : ILoadDriver
{
    public Dictionary<string, double> Success { get; } = [];

    public int FailFirst { get; set; }

    public List<string> Attacks { get; } = [];

    public Task<IReadOnlyDictionary<string, LoadResult>> AttackAsync(IReadOnlyList<LoadTarget> targets, TimeSpan duration, CancellationToken cancellation)
    {
        Attacks.Add(string.Join(",", targets.Select(t => $"{t.Function}={t.Rate}")));
        if (FailFirst-- > 0) throw new HttpRequestException("connection refused");
        return Task.FromResult<IReadOnlyDictionary<string, LoadResult>>(targets.ToDictionary(t => t.Function, t => new LoadResult(Success.GetValueOrDefault(t.Function, 1), 5_000_000, t.Rate * 10)));
    }
}
