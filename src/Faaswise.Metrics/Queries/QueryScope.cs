namespace Faaswise.Metrics.Queries;

/// <summary>
/// Which series of a shared Prometheus belong to the node and the functions under test. DFaaS's queries assume one
/// node and a standalone cAdvisor; on a multi-node cluster they sum every node. The default scope is DFaaS's.
/// </summary>
public sealed record QueryScope
{
    /// <summary>OpenFaaS's function namespace on Kubernetes.</summary>
    public const string OpenFaasNamespace = "openfaas-fn";

    /// <summary>DFaaS's scope: every series, standalone cAdvisor label names, any namespace.</summary>
    public static QueryScope Dfaas { get; } = new();

    /// <summary>Matchers added to node-exporter, Scaphandre and Kepler node series (for example <c>instance="node1:9100"</c>).</summary>
    public LabelMatchers Node { get; init; } = LabelMatchers.None;

    /// <summary>Matchers added to container series (for example <c>node="node1"</c> on a kubelet-scraping Prometheus).</summary>
    public LabelMatchers Containers { get; init; } = LabelMatchers.None;

    /// <summary>The label names of the container series.</summary>
    public ContainerLabels Labels { get; init; } = ContainerLabels.Cadvisor;

    /// <summary>
    /// The namespace of a function named without one (<c>figlet</c>; <c>figlet.dev</c> names its own, as OpenFaaS does);
    /// null matches any namespace.
    /// </summary>
    public string? Namespace { get; init; }

    /// <summary>A function name split as OpenFaaS does: <c>name.namespace</c>, else the scope's namespace.</summary>
    public (string Name, string? Namespace) Function(string function)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        var dot = function.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < function.Length - 1 ? (function[..dot], function[(dot + 1)..]) : (function, Namespace);
    }

    /// <summary>One line for logs and manifests.</summary>
    public override string ToString() =>
        $"labels {Labels.ToString().ToLowerInvariant()}; node {(Node.IsEmpty ? "any" : Node)}; containers {(Containers.IsEmpty ? "any" : Containers)}; namespace {Namespace ?? "any"}";
}
