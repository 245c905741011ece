using Faaswise.LocalFaas.Replicas;
using Prometheus;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>
/// <c>/metrics</c>: OpenFaaS's gateway series, and per replica process tree the cAdvisor series DFaaS's queries read
/// (<c>container_cpu_usage_seconds_total</c>, <c>container_memory_usage_bytes</c>, labelled
/// <c>container_label_io_kubernetes_container_name="&lt;fn&gt;"</c> and <c>id="/kubepods/&lt;fn&gt;/&lt;replica&gt;"</c>).
/// </summary>
internal sealed class GatewayMetrics
{
    private static readonly string[] ContainerLabels = ["container_label_io_kubernetes_container_name", "id", "name"];
    private readonly ReplicaAccounting _accounting;
    private readonly string _namespace;
    private readonly Counter _invocations;
    private readonly Counter _started;
    private readonly Histogram _seconds;
    private readonly Gauge _serviceCount;
    private readonly Counter _containerCpu;
    private readonly Gauge _containerMemory;
    private readonly HashSet<(string Function, string Replica)> _exported = [];
    private readonly HashSet<string> _exportedFunctions = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Counter.Child> _startedByFunction = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Function, int Status), (Counter.Child Count, Histogram.Child Seconds)> _completedBy = new();

    public GatewayMetrics(ReplicaAccounting accounting, GatewayOptions options)
    {
        _accounting = accounting ?? throw new ArgumentNullException(nameof(accounting));
        _namespace = (options ?? throw new ArgumentNullException(nameof(options))).Namespace;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _invocations = factory.CreateCounter("gateway_function_invocation_total", "Function metrics", "function_name", "code");
        _started = factory.CreateCounter("gateway_function_invocation_started", "The total number of function HTTP requests started.", "function_name");
        _seconds = factory.CreateHistogram("gateway_functions_seconds", "Function time taken",
            new HistogramConfiguration { LabelNames = ["function_name", "code"], Buckets = [.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10] });
        _serviceCount = factory.CreateGauge("gateway_service_count", "Current count of replicas for function", "function_name");
        _containerCpu = factory.CreateCounter("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", ContainerLabels);
        _containerMemory = factory.CreateGauge("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed", ContainerLabels);
        Registry.AddBeforeCollectCallback(Refresh);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The <c>function_name</c> label OpenFaaS gives a function: <c>&lt;name&gt;.&lt;namespace&gt;</c>.</summary>
    public string Label(string function) => $"{function}.{_namespace}";

    public void Started(string function) => _startedByFunction.GetOrAdd(function, f => _started.WithLabels(Label(f))).Inc();

    public void Completed(string function, int status, TimeSpan elapsed)
    {
        var (count, seconds) = _completedBy.GetOrAdd((function, status), k =>
        {
            var code = k.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (_invocations.WithLabels(Label(k.Function), code), _seconds.WithLabels(Label(k.Function), code));
        });
        count.Inc();
        seconds.Observe(elapsed.TotalSeconds);
    }

    private void Refresh()
    {
        var snapshot = _accounting.Current();
        var seen = new HashSet<(string, string)>();
        var functions = new HashSet<string>();
        lock (_exported)
        {
            foreach (var f in snapshot.Functions)
            {
                var name = f.Set.Definition.Name;
                functions.Add(name);
                _serviceCount.WithLabels(Label(name)).Set(f.Set.ReadyCount);
                foreach (var (replica, usage) in f.Replicas)
                {
                    string[] labels = [name, $"/kubepods/{name}/{replica}", replica];
                    _containerCpu.WithLabels(labels).IncTo(usage.CpuSeconds);
                    _containerMemory.WithLabels(labels).Set(usage.MemoryBytes);
                    seen.Add((name, replica));
                }
            }

            foreach (var (name, replica) in _exported.Except(seen))
            {
                string[] labels = [name, $"/kubepods/{name}/{replica}", replica];
                _containerCpu.RemoveLabelled(labels);
                _containerMemory.RemoveLabelled(labels);
            }

            foreach (var name in _exportedFunctions.Except(functions)) _serviceCount.RemoveLabelled(Label(name));
            _exported.Clear();
            _exported.UnionWith(seen);
            _exportedFunctions.Clear();
            _exportedFunctions.UnionWith(functions);
        }
    }
}
