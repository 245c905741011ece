namespace Faaswise.Metrics.Queries;

/// <summary>How a Prometheus names the Kubernetes labels of cAdvisor's container series.</summary>
public enum ContainerLabels
{
    /// <summary>
    /// A standalone cAdvisor (and DFaaS, and <c>faaswise gateway</c>): Docker labels copied as
    /// <c>container_label_io_kubernetes_container_name</c> and <c>container_label_io_kubernetes_pod_namespace</c>.
    /// </summary>
    Cadvisor,

    /// <summary>The kubelet's <c>/metrics/cadvisor</c> endpoint (kube-prometheus, Prometheus Operator): <c>container</c>, <c>pod</c>, <c>namespace</c>.</summary>
    Kubelet,
}
