namespace Faaswise.Metrics.Local;

/// <summary>
/// Metrics without Prometheus: every <see cref="Interval"/> it reads /proc/stat, /proc/meminfo, RAPL when readable, and
/// the gateway's per-function counters (its <c>/metrics</c>), keeping the readings of the last hour. A window's CPU is
/// the counter difference between its first and last reading inside it (or its neighbours outside, when a stall
/// bunched those: <see cref="WindowEdges"/>), memory the mean of those readings, power
/// RAPL's energy over the time or the <see cref="LinearPowerModel"/>; a function's power is its share of the dynamic power.
/// </summary>
public sealed class LocalCollector : IMetricsSource, IAsyncDisposable
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private readonly Func<CancellationToken, Task<string>>? readGatewayMetrics;
    private readonly RaplReader? rapl;
    private readonly LinearPowerModel model;
    private readonly TimeProvider clock;
    private readonly List<LocalSample> samples = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Lock gate = new();
    private TaskCompletionSource nextSample = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Time between readings.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public string Description => "local (procfs" + (readGatewayMetrics is null ? "" : ", gateway /metrics") + $", every {Interval.TotalSeconds:0.###} s)";

    /// <inheritdoc />
    public string PowerSource => rapl is null ? PowerSources.Estimated : PowerSources.Rapl;

    /// <inheritdoc />
    public int NodeCores { get; } = Environment.ProcessorCount;

    /// <inheritdoc />
    public double NodeMemoryBytes { get; } = MemInfo.Read().Total;

    /// <summary>Starts collecting; <paramref name="readGatewayMetrics"/> returns the gateway's /metrics text (null: no functions).</summary>
    public LocalCollector(Func<CancellationToken, Task<string>>? readGatewayMetrics, LinearPowerModel? model = null, TimeSpan? interval = null, RaplReader? rapl = null, TimeProvider? clock = null)
    {
        this.readGatewayMetrics = readGatewayMetrics;
        this.model = model ?? new LinearPowerModel();
        this.rapl = rapl ?? RaplReader.Open();
        this.clock = clock ?? TimeProvider.System;
        Interval = interval ?? TimeSpan.FromSeconds(1);
        loop = RunAsync();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var functions = readGatewayMetrics is null
                    ? new Dictionary<string, (double, double)>()
                    : FunctionCounters.Parse(await readGatewayMetrics(stop.Token).ConfigureAwait(false));
                var sample = new LocalSample(clock.GetUtcNow(), CpuTimes.Read(), MemInfo.Read(), rapl?.Read(), functions);
                TaskCompletionSource added;
                lock (gate)
                {
                    samples.Add(sample);
                    samples.RemoveAll(s => s.Time < sample.Time - Keep);
                    added = nextSample;
                    nextSample = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                added.TrySetResult();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or FormatException)
            {
                // A missed reading leaves a gap; the window computations use the readings that exist.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<NodeUsage> NodeNowAsync(CancellationToken cancellation)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var recent = Between(now - 5 * Interval, now);
            if (recent.Count >= 2 && WindowEdges.Advanced(recent[0], recent[^1])) return Node(recent[0], recent[^1], recent);
            await Task.Delay(Interval, clock, cancellation).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<WindowUsage> WindowAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, IReadOnlyList<string> functions, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(functions);
        await ReadingAfterAsync(windowEnd, cancellation).ConfigureAwait(false);
        List<LocalSample> readings;
        lock (gate) readings = [.. samples];
        var inside = readings.Where(s => s.Time >= windowStart && s.Time <= windowEnd).ToList();
        if (inside.Count < 2)
        {
            throw new MetricsException($"the window {(windowEnd - windowStart).TotalSeconds:0.#} s holds {inside.Count} reading(s) of the local collector (one every {Interval.TotalSeconds:0.###} s); it needs two");
        }

        var (first, last) = WindowEdges.Pick(readings, inside, windowStart, windowEnd, Interval);
        var node = Node(first, last, inside);
        var seconds = (last.Time - first.Time).TotalSeconds;
        var result = new Dictionary<string, FunctionMetrics>(StringComparer.Ordinal);
        foreach (var name in functions)
        {
            var cpuStart = first.Functions.TryGetValue(name, out var a) ? a.CpuSeconds : 0;
            var cpuEnd = last.Functions.TryGetValue(name, out var b) ? b.CpuSeconds : 0;
            var cpu = Math.Max(0, cpuEnd - cpuStart) / seconds * 100;
            var ram = inside.Average(s => s.Functions.TryGetValue(name, out var f) ? f.RamBytes : 0);
            result[name] = new FunctionMetrics(cpu, ram, FunctionPower(node, cpu));
        }

        return new WindowUsage(node, result);
    }

    /// <summary>
    /// Waits until a reading taken after <paramref name="time"/> is in, so that every reading up to it is; after two
    /// intervals without one (a missed reading), the window uses what is there.
    /// </summary>
    private async Task ReadingAfterAsync(DateTimeOffset time, CancellationToken cancellation)
    {
        var deadline = time + 2 * Interval;
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (samples.Count > 0 && samples[^1].Time > time) return;
                next = nextSample.Task;
            }

            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero) return;
            try
            {
                await next.WaitAsync(left, clock, cancellation).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    // CPU and power between the edges; memory the mean of the readings inside.
    private NodeUsage Node(LocalSample first, LocalSample last, List<LocalSample> inside)
    {
        var cpu = CpuTimes.Percent(first.Cpu, last.Cpu, NodeCores);
        var seconds = (last.Time - first.Time).TotalSeconds;
        var power = rapl is not null && first.Energy is { } e0 && last.Energy is { } e1 && seconds > 0
            ? rapl.Between(e0, e1) / seconds
            : model.NodeMicrowatts(cpu);
        return new NodeUsage(cpu, inside.Average(s => s.Memory.Used), inside.Average(s => s.Memory.UsedPercent), power);
    }

    // The dynamic share: a function's part of the node's power above the estimated idle, in proportion to its CPU.
    private double FunctionPower(NodeUsage node, double cpu) =>
        rapl is null ? model.FunctionMicrowatts(cpu)
        : node.CpuPercent <= 0 ? 0 : Math.Max(0, node.PowerMicrowatts - model.NodeMicrowatts(0)) * Math.Min(1, cpu / node.CpuPercent);

    internal List<LocalSample> Between(DateTimeOffset from, DateTimeOffset to)
    {
        lock (gate) return samples.Where(s => s.Time >= from && s.Time <= to).ToList();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}
