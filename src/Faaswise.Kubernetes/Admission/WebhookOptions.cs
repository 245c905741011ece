namespace Faaswise.Kubernetes.Admission;

/// <summary>What the admission webhook does to a pod, and what it answers when it cannot place one.</summary>
public sealed record WebhookOptions
{
    /// <summary>The function namespace whose pods it places.</summary>
    public string Namespace { get; init; } = "openfaas-fn";

    /// <summary>How pods get their GPU.</summary>
    public GpuBinding Binding { get; init; } = GpuBinding.EnvPin;

    /// <summary>The scheduler that binds placed pods (spec.schedulerName), or null to pin them with a nodeSelector for the default scheduler.</summary>
    public string? SchedulerName { get; init; }

    /// <summary>Host directory of the models, mounted read-only at <see cref="ModelMountPath"/>; null mounts nothing.</summary>
    public string? ModelHostPath { get; init; } = "/sharing/model";

    /// <summary>Where the models appear in the container.</summary>
    public string ModelMountPath { get; init; } = "/models";

    /// <summary>Readiness probe: HTTP GET of this path on <see cref="ReadinessPort"/> (the runtime's /loaded), every second.</summary>
    public string ReadinessPath { get; init; } = "/loaded";

    /// <summary>The runtime's control port.</summary>
    public int ReadinessPort { get; init; } = 5001;

    /// <summary>QShuf's TIMEOUT_FACTOR given to placed pods.</summary>
    public string TimeoutFactor { get; init; } = "1.0";

    /// <summary>Deny (true) or allow unchanged (false) a pod labelled for QShuf whose function the world does not list.</summary>
    public bool DenyUnknown { get; init; }

    /// <summary>Deny (true) or allow unchanged (false) a pod no GPU has room for.</summary>
    public bool DenyUnplaceable { get; init; } = true;

    /// <summary>How long an admitted pod counts as placed before the informer has seen it.</summary>
    public TimeSpan AssumeFor { get; init; } = TimeSpan.FromSeconds(30);
}
