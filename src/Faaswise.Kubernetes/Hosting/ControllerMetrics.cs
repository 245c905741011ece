using Faaswise.Kubernetes.Control;
using Prometheus;

namespace Faaswise.Kubernetes.Hosting;

/// <summary>
/// The controller's own Prometheus metrics, beside the router's: decisions by kind and outcome, kube-scheduler's
/// <c>scheduler_schedule_attempts_total</c> and <c>scheduler_pending_pods</c>, the applier's queue, and whether this replica leads.
/// </summary>
public static class ControllerMetrics
{
    /// <summary>Registers the metrics of <paramref name="controller"/> in <paramref name="registry"/>.</summary>
    public static void Register(QshufController controller, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var decisions = factory.CreateCounter("faaswise_controller_decisions_total", "Decisions applied or refused, by kind (start, stop, ready, notready, load, offload, annotate), source and outcome.", "kind", "source", "outcome");
        var effect = factory.CreateHistogram("faaswise_controller_decision_seconds", "From a decision to the API server's or the runtime's answer, seconds.",
            new HistogramConfiguration { LabelNames = ["kind"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        controller.Applied += o =>
        {
            decisions.WithLabels(o.Kind, o.Source, o.Refusal is null ? "applied" : "refused").Inc();
            effect.WithLabels(o.Kind).Observe(o.Seconds);
        };
        var attempts = factory.CreateCounter("scheduler_schedule_attempts_total", "Scheduling attempts by result: scheduled, unschedulable (kube-scheduler's name).", "result");
        controller.ScheduleAttempted += result => attempts.WithLabels(result).Inc();
        var pending = factory.CreateGauge("scheduler_pending_pods", "Pods with our scheduler's name not bound yet.");
        var queued = factory.CreateGauge("faaswise_controller_pending_decisions", "Decisions waiting in the applier's queue or being applied.");
        var leading = factory.CreateGauge("faaswise_controller_leader", "1 while this replica leads.");
        registry.AddBeforeCollectCallback(() =>
        {
            pending.Set(controller.Cluster.Pods.Count(p => p.Node is null && !p.Deleting));
            queued.Set(controller.Applier?.Pending ?? 0);
            leading.Set(controller.Leading ? 1 : 0);
        });
    }
}
