using Faaswise.Kubernetes.Control;

namespace Faaswise.Kubernetes.Hosting;

/// <summary>What <c>faaswise qshuf controller</c> is told.</summary>
public sealed record ControllerOptions
{
    /// <summary>The function namespace.</summary>
    public string Namespace { get; init; } = "openfaas-fn";

    /// <summary>This replica's name in the Lease and in Events (the pod's name in a cluster).</summary>
    public string Identity { get; init; } = Environment.MachineName;

    /// <summary>Elect a leader with a Lease (false: lead at once, for a single replica).</summary>
    public bool LeaderElection { get; init; } = true;

    /// <summary>Namespace of the Lease.</summary>
    public string LeaseNamespace { get; init; } = "faaswise";

    /// <summary>Name of the Lease.</summary>
    public string LeaseName { get; init; } = "faaswise-qshuf-controller";

    /// <summary>How long a leader's Lease holds without renewal.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a leader tries to renew before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Seconds between control periods; null: the policy's own.</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>The scheduler name whose pods it binds; null: no scheduler (the webhook pins pods with a nodeSelector).</summary>
    public string? SchedulerName { get; init; } = "faaswise-scheduler";

    /// <summary>The runtime's control port.</summary>
    public int ControlPort { get; init; } = 5001;

    /// <summary>Call the runtimes at their pod IPs rather than through the API server's pod proxy.</summary>
    public bool DirectControl { get; init; }

    /// <summary>How often each runtime is asked where its model is.</summary>
    public TimeSpan RuntimePoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Make the policy's initial deployment for functions whose Deployment has not had one.</summary>
    public bool InitialDeployment { get; init; } = true;

    /// <summary>
    /// After a function's initial deployment, how long the control loop leaves the function alone at most while the
    /// deployment comes up (as the simulator and the local target start from a placement that serves; Kubernetes'
    /// HPA likewise ignores pods still starting). Zero: act at once.
    /// </summary>
    public TimeSpan InitialSettle { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How decisions are applied.</summary>
    public ApplierOptions Applier { get; init; } = new();
}
