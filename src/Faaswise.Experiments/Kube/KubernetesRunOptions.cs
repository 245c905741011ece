using Faaswise.Qshuf.World;
using k8s;

namespace Faaswise.Experiments.Kube;

/// <summary>What every run of an experiment against a Kubernetes cluster with the QShuf controller shares.</summary>
/// <param name="World">The cluster file the controller was started with.</param>
/// <param name="Client">The API server.</param>
/// <param name="ApiServer">The API server's address, for the manifest.</param>
/// <param name="Namespace">The function namespace.</param>
/// <param name="Gateway">Where <c>/function/NAME</c> reaches the functions: the OpenFaaS gateway or the controller's router.</param>
/// <param name="ControlPort">The runtimes' control port.</param>
/// <param name="DirectControl">Reach the runtimes at their pod IPs instead of through the API server's pod proxy.</param>
/// <param name="Patience">Longest wait for a reset or for the initial placement to serve.</param>
/// <param name="Prometheus">Where present, the cluster's Prometheus: each run also writes prometheus.csv.</param>
/// <param name="PrometheusAddress">Its address, for the manifest.</param>
/// <param name="ServerVersion">The API server's version (<c>/version</c>'s gitVersion), for the manifest.</param>
public sealed record KubernetesRunOptions(
    ClusterWorld World,
    IKubernetes Client,
    string ApiServer,
    string Namespace,
    Uri Gateway,
    int ControlPort = 5001,
    bool DirectControl = false,
    TimeSpan? Patience = null,
    PrometheusReadout? Prometheus = null,
    string? PrometheusAddress = null,
    string? ServerVersion = null)
{
    /// <summary>The wait for a reset or a placement, 5 minutes unless told.</summary>
    public TimeSpan Wait => Patience ?? TimeSpan.FromMinutes(5);
}
