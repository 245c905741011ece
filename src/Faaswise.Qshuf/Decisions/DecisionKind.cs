namespace Faaswise.Qshuf.Decisions;

/// <summary>What a decision asks of the cluster (QShuf's control operations and the pod lifecycle).</summary>
public enum DecisionKind
{
    /// <summary>Create a replica (a pod) of a function bound to a GPU.</summary>
    Start,

    /// <summary>Delete a replica: it leaves the endpoints, finishes its queue, exits.</summary>
    Stop,

    /// <summary>Readiness on (<c>/toready</c>).</summary>
    Ready,

    /// <summary>Readiness off (<c>/tonotready</c>).</summary>
    NotReady,

    /// <summary>Model host to GPU (<c>/tocuda</c>).</summary>
    Load,

    /// <summary>Model GPU to host (<c>/tocpu</c>).</summary>
    Offload,

    /// <summary>Set or remove an annotation on the replica (a policy's durable note, such as when a scale-down window began).</summary>
    Annotate,
}

/// <summary>The kinds' names in decisions.csv and logs.</summary>
public static class DecisionKindNames
{
    /// <summary>start, stop, ready, notready, load, offload or annotate.</summary>
    public static string Of(DecisionKind kind) => kind switch
    {
        DecisionKind.Start => "start",
        DecisionKind.Stop => "stop",
        DecisionKind.Ready => "ready",
        DecisionKind.NotReady => "notready",
        DecisionKind.Load => "load",
        DecisionKind.Offload => "offload",
        DecisionKind.Annotate => "annotate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a decision kind"),
    };
}
