using System.Collections.Concurrent;
using Prometheus;

namespace Faaswise.Kubernetes.Routing;

/// <summary>
/// The router's Prometheus metrics under the OpenFaaS gateway's names and labels (<c>function_name="fn.ns"</c>), so
/// QShuf's queries and dashboards read it as they read the gateway, plus refusals by reason.
/// </summary>
public sealed class RouterMetrics
{
    private readonly Counter _started;
    private readonly Counter _total;
    private readonly Histogram _seconds;
    private readonly Counter _refused;
    private readonly ConcurrentDictionary<string, Counter.Child> _startedBy = new(StringComparer.Ordinal);

    /// <summary>Metrics in a registry of their own (one per router).</summary>
    public RouterMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _started = factory.CreateCounter("gateway_function_invocation_started", "The total number of function HTTP requests started.", "function_name");
        _total = factory.CreateCounter("gateway_function_invocation_total", "Function metrics", "function_name", "code");
        _seconds = factory.CreateHistogram("gateway_functions_seconds", "Function time taken", new HistogramConfiguration
        {
            LabelNames = ["function_name", "code"], Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });
        _refused = factory.CreateCounter("faaswise_router_refused_total", "Requests the policy refused (503), by reason.", "function_name", "reason");
    }

    /// <summary>The registry /metrics serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>A request of <paramref name="function"/> (fn.ns) entered.</summary>
    public void Started(string function) => _startedBy.GetOrAdd(function, f => _started.WithLabels(f)).Inc();

    /// <summary>It was answered.</summary>
    public void Completed(string function, int status, TimeSpan took)
    {
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _total.WithLabels(function, code).Inc();
        _seconds.WithLabels(function, code).Observe(took.TotalSeconds);
    }

    /// <summary>The policy refused it.</summary>
    public void Refused(string function, string reason) => _refused.WithLabels(function, reason).Inc();
}
