using System.Globalization;
using Faaswise.Metrics.Local;
using Faaswise.Metrics.Queries;

namespace Faaswise.Metrics.Prometheus;

/// <summary>
/// Node and function metrics from Prometheus (node-exporter, cAdvisor or <c>faaswise gateway</c>'s <c>/metrics</c>,
/// Scaphandre or Kepler) with DFaaS's queries. A window is one instant query at its end over exactly its length, so no
/// idle time before the attack enters it; a window holding fewer than two scrapes is an error, not a silent zero.
/// </summary>
public sealed class PrometheusSource : IMetricsSource
{
    private readonly PrometheusClient client;
    private readonly LinearPowerModel model;
    private readonly TimeSpan scrapeInterval;
    private readonly TimeProvider clock;

    private PrometheusSource(PrometheusClient client, Uri address, string power, int cores, double memory, LinearPowerModel model, TimeSpan scrapeInterval, TimeProvider clock, QueryCatalog queries)
    {
        this.client = client;
        this.model = model;
        this.scrapeInterval = scrapeInterval;
        this.clock = clock;
        Description = $"prometheus {address}";
        Queries = queries;
        PowerSource = power;
        NodeCores = cores;
        NodeMemoryBytes = memory;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public string PowerSource { get; }

    /// <inheritdoc />
    public int NodeCores { get; }

    /// <inheritdoc />
    public double NodeMemoryBytes { get; }

    /// <summary>The queries this source asks, scoped to the node and namespace it was connected with.</summary>
    public QueryCatalog Queries { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> QueriesFor(TimeSpan window) => Queries.ForManifest(QueryCatalog.Window(window));

    /// <summary>Checks Prometheus answers, reads the node's capacity and picks the power source (Scaphandre, Kepler, else estimated).</summary>
    /// <exception cref="MetricsException">Prometheus is unreachable or has no node-exporter series; the message names the address.</exception>
    public static async Task<PrometheusSource> ConnectAsync(PrometheusClient client, Uri address, TimeSpan scrapeInterval, LinearPowerModel? model = null, TimeProvider? clock = null, QueryScope? scope = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (ready, reason) = await client.CheckAsync(cancellation).ConfigureAwait(false);
        if (!ready) throw new MetricsException($"Prometheus at {address} is not usable: {reason}");
        var queries = new QueryCatalog(scope ?? QueryScope.Dfaas);
        try
        {
            var cores = await client.QueryAsync(queries.NodeCores, null, cancellation).ConfigureAwait(false);
            var memory = await client.QueryAsync(queries.NodeMemoryTotal, null, cancellation).ConfigureAwait(false);
            if (cores.IsEmpty || memory.IsEmpty)
            {
                var selected = queries.Scope.Node.IsEmpty ? "" : $" matching {{{queries.Scope.Node}}}";
                throw new MetricsException($"Prometheus at {address} has no node-exporter series{selected} (node_cpu_seconds_total, node_memory_MemTotal_bytes)");
            }

            var power = !(await client.QueryAsync(queries.NodePowerInstant, null, cancellation).ConfigureAwait(false)).IsEmpty ? PowerSources.Scaphandre
                : !(await client.QueryAsync(queries.KeplerNodeInstant, null, cancellation).ConfigureAwait(false)).IsEmpty ? PowerSources.Kepler
                : PowerSources.Estimated;
            return new PrometheusSource(client, address, power, (int)cores.SumOfMeans("cores"), memory.SumOfMeans("memory"), model ?? new LinearPowerModel(), scrapeInterval, clock ?? TimeProvider.System, queries);
        }
        catch (PrometheusException e)
        {
            throw new MetricsException($"Prometheus at {address}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task<NodeUsage> NodeNowAsync(CancellationToken cancellation)
    {
        var window = QueryCatalog.Window(TimeSpan.FromTicks(Math.Max(scrapeInterval.Ticks * 3, TimeSpan.FromSeconds(5).Ticks)));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await NodeAsync(window, null, cancellation).ConfigureAwait(false);
            }
            catch (MetricsException) when (attempt < 5)
            {
                // A Prometheus that has just started has fewer than two scrapes in the window yet.
                await Task.Delay(scrapeInterval, clock, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<WindowUsage> WindowAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, IReadOnlyList<string> functions, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var wait = windowEnd + scrapeInterval - clock.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellation).ConfigureAwait(false);
        var window = QueryCatalog.Window(windowEnd - windowStart);
        var node = await NodeAsync(window, windowEnd, cancellation).ConfigureAwait(false);
        var result = new Dictionary<string, FunctionMetrics>(StringComparer.Ordinal);
        foreach (var name in functions)
        {
            var cpu = await OptionalAsync(Queries.FunctionCpu(name, window), windowEnd, cancellation).ConfigureAwait(false);
            var ram = await OptionalAsync(Queries.FunctionRam(name, window), windowEnd, cancellation).ConfigureAwait(false);
            var power = PowerSource switch
            {
                PowerSources.Kepler => await OptionalAsync(Queries.KeplerFunctionPower(name, window), windowEnd, cancellation).ConfigureAwait(false),
                PowerSources.Estimated => model.FunctionMicrowatts(cpu),
                _ => double.NaN, // Scaphandre attributes power to PIDs, which a remote cluster does not give us
            };
            result[name] = new FunctionMetrics(cpu, ram, power);
        }

        return new WindowUsage(node, result);
    }

    private async Task<NodeUsage> NodeAsync(string window, DateTimeOffset? at, CancellationToken cancellation)
    {
        var cpu = await RequiredAsync(Queries.NodeCpu(window), window, at, cancellation).ConfigureAwait(false);
        var ram = await RequiredAsync(Queries.NodeRam(window), window, at, cancellation).ConfigureAwait(false);
        var ramPercent = await RequiredAsync(Queries.NodeRamPercent(window), window, at, cancellation).ConfigureAwait(false);
        var power = PowerSource switch
        {
            PowerSources.Scaphandre => await RequiredAsync(Queries.NodePower(window), window, at, cancellation).ConfigureAwait(false),
            PowerSources.Kepler => await RequiredAsync(Queries.KeplerNodePower(window), window, at, cancellation).ConfigureAwait(false),
            _ => model.NodeMicrowatts(cpu),
        };
        return new NodeUsage(cpu, ram, ramPercent, power);
    }

    private async Task<double> RequiredAsync(string query, string window, DateTimeOffset? at, CancellationToken cancellation)
    {
        try
        {
            var result = await client.QueryAsync(query, at, cancellation).ConfigureAwait(false);
            if (result.IsEmpty)
            {
                throw new MetricsException(string.Create(CultureInfo.InvariantCulture,
                    $"no data for {query}: a {window} window must hold at least two scrapes (scrape interval {scrapeInterval.TotalSeconds:0.###} s); lengthen the attack or scrape more often"));
            }

            return result.SumOfMeans(query);
        }
        catch (PrometheusException e)
        {
            throw new MetricsException(e.Message, e);
        }
    }

    private async Task<double> OptionalAsync(string query, DateTimeOffset at, CancellationToken cancellation)
    {
        try
        {
            var result = await client.QueryAsync(query, at, cancellation).ConfigureAwait(false);
            return result.IsEmpty ? 0 : result.SumOfMeans(query);
        }
        catch (PrometheusException e)
        {
            throw new MetricsException(e.Message, e);
        }
    }
}
