namespace Faaswise.Kubernetes;

/// <summary>The labels, annotations and environment variables QShuf and Faaswise put on function pods.</summary>
public static class PodLabels
{
    /// <summary>OpenFaaS's function label (faas-netes sets it on every function pod).</summary>
    public const string Function = "faas_function";

    /// <summary>The opt-in: only pods labelled <c>faaswise.io/qshuf: "true"</c> are placed by the webhook.</summary>
    public const string OptIn = "faaswise.io/qshuf";

    /// <summary>QShuf's label and env: where the model is (<c>cuda</c> or <c>cpu</c>).</summary>
    public const string InferDevice = "infer_device";

    /// <summary>QShuf's label and env: a warm standby (<c>"True"</c> or <c>"False"</c>, strings).</summary>
    public const string Reserve = "reserve";

    /// <summary>The placement slot (a label, so a restarted policy continues its plan).</summary>
    public const string Slot = "faaswise.io/slot";

    /// <summary>The GPU's UUID the pod is bound to (annotation).</summary>
    public const string Gpu = "faaswise.io/gpu";

    /// <summary>The node the pod is placed on (annotation; the scheduler binds there when one is used).</summary>
    public const string Node = "faaswise.io/node";

    /// <summary>The placement's reason, as a person reads it (annotation).</summary>
    public const string Placement = "faaswise.io/placement";

    /// <summary>The admission request's uid (annotation): the informer confirms an assumed placement by it.</summary>
    public const string Admission = "faaswise.io/admission";

    /// <summary>The placement intent a pod was created for (annotation: the controller's start decision, taken by the webhook).</summary>
    public const string Intent = "faaswise.io/intent";

    /// <summary>The placement intents of a function waiting for their pods (annotation on its Deployment, JSON; written by the controller only).</summary>
    public const string Intents = "faaswise.io/intents";

    /// <summary>The policy whose initial deployment was made (annotation on a function's Deployment).</summary>
    public const string Deployed = "faaswise.io/deployed";

    /// <summary>A function being reset (annotation on its Deployment, any value): the controller leaves it alone and makes its initial deployment again once the annotation goes.</summary>
    public const string Paused = "faaswise.io/paused";

    /// <summary>Kubernetes' pod-deletion-cost annotation: the ReplicaSet deletes the lowest first.</summary>
    public const string DeletionCost = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>Annotations with this prefix are a policy's durable notes, read back into a replica's view.</summary>
    public const string NotePrefix = "faaswise.io/";

    /// <summary>Kubernetes' well-known hostname label.</summary>
    public const string Hostname = "kubernetes.io/hostname";
}
