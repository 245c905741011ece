namespace Faaswise.Kubernetes.Manifests;

/// <summary>What the deployable YAML names and chooses.</summary>
public sealed record ManifestOptions
{
    /// <summary>Namespace of the webhook (never the function namespace: the webhook must not admit its own pods).</summary>
    public string Namespace { get; init; } = "faaswise";

    /// <summary>Name of the webhook's Service, Deployment and account.</summary>
    public string Service { get; init; } = "faaswise-webhook";

    /// <summary>The function namespace whose pods the webhook places.</summary>
    public string FunctionNamespace { get; init; } = "openfaas-fn";

    /// <summary>The container image holding the faaswise binary.</summary>
    public string Image { get; init; } = "ghcr.io/faaswise/faaswise:0.1.0";

    /// <summary>Fail (pods wait while the webhook is down) or Ignore (they start unplaced, as plain OpenFaaS pods).</summary>
    public string FailurePolicy { get; init; } = "Fail";

    /// <summary>How long the API server waits for an answer, seconds (1-30).</summary>
    public int TimeoutSeconds { get; init; } = 5;

    /// <summary>The cluster world (nodes, GPUs, models, functions) as YAML, put in a ConfigMap.</summary>
    public string WorldYaml { get; init; } = "";

    /// <summary>The policy's name (the webhook places with it, the controller scales, shuffles and routes with it).</summary>
    public string Policy { get; init; } = "qshuf-mem";

    /// <summary>Name of the controller's Deployment and account.</summary>
    public string Controller { get; init; } = "faaswise-controller";

    /// <summary>Name of the router's Service (it reaches the leading controller replica alone).</summary>
    public string Router { get; init; } = "faaswise-router";

    /// <summary>The scheduler name placed pods get and the controller binds.</summary>
    public string SchedulerName { get; init; } = "faaswise-scheduler";
}
