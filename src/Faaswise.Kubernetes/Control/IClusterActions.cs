namespace Faaswise.Kubernetes.Control;

/// <summary>
/// The effects the <see cref="DecisionApplier"/> has on a live cluster, one call per decision kind: on Kubernetes
/// (<see cref="ClusterActions"/>: API calls and the runtime's control API through the pod proxy) or on one machine
/// (runtime processes started and stopped by the experiment runner). Failures come back as <see cref="ActionResult"/>s.
/// </summary>
public interface IClusterActions
{
    /// <summary>Creates a replica for the start's intent; <paramref name="open"/> are the intents not yet taken by a replica.</summary>
    Task<ActionResult> StartAsync(string function, PlacementIntent intent, IReadOnlySet<string> open, CancellationToken cancellation);

    /// <summary>Removes the replica (it leaves the endpoints, finishes what it holds, exits).</summary>
    Task<ActionResult> StopAsync(FunctionPod pod, string function, IReadOnlySet<string> open, CancellationToken cancellation);

    /// <summary>Opens or closes the runtime's readiness gate (QShuf's /toready, /tonotready).</summary>
    Task<ActionResult> GateAsync(FunctionPod pod, bool ready, CancellationToken cancellation);

    /// <summary>Moves the model (QShuf's /tocuda, /tocpu) and records where it is.</summary>
    Task<ActionResult> MoveAsync(FunctionPod pod, bool toGpu, CancellationToken cancellation);

    /// <summary>Sets (or with null removes) an annotation on the replica.</summary>
    Task<ActionResult> AnnotateAsync(FunctionPod pod, string key, string? value, CancellationToken cancellation);

    /// <summary>The runtime's report of itself, or null when it does not answer.</summary>
    Task<RuntimeState?> IndexAsync(FunctionPod pod, CancellationToken cancellation);

    /// <summary>Records an event about a replica or function (a Kubernetes Event; a log line elsewhere); a failure is only logged by the caller.</summary>
    Task EventAsync(string kind, string name, string? uid, string type, string reason, string action, string note, CancellationToken cancellation);
}
