using System.CommandLine;
using Faaswise.Metrics.Queries;

namespace Faaswise.Cli.Commands;

/// <summary>
/// Which series of a shared, multi-node Prometheus are the node and the functions under test: label matchers for
/// node-exporter and for the container series, the label names of the Prometheus (standalone cAdvisor or the
/// kubelet's), and the functions' namespace.
/// </summary>
internal sealed class PrometheusScopeOptions
{
    public Option<string?> NodeSelector { get; } = new("--node-selector")
    {
        Description = "PromQL label matchers for the node's node-exporter (and Scaphandre, Kepler) series, e.g. 'instance=\"node1:9100\"' [default: every node, as DFaaS]",
    };

    public Option<string?> ContainerSelector { get; } = new("--container-selector")
    {
        Description = "PromQL label matchers for the functions' container series, e.g. 'node=\"node1\"' [default: every node]",
    };

    public Option<string> ContainerLabels { get; } = new("--container-labels")
    {
        Description = "Label names of the container series: cadvisor (standalone cAdvisor, faaswise gateway: container_label_io_kubernetes_*) or kubelet (container, pod, namespace)",
        DefaultValueFactory = _ => "cadvisor",
    };

    public Option<string?> Namespace { get; } = new("--function-namespace")
    {
        Description = $"Namespace of the functions' containers ('fn.ns' names its own) [default: {QueryScope.OpenFaasNamespace} with --container-labels kubelet, else any]",
    };

    public IEnumerable<Option> Options => [NodeSelector, ContainerSelector, ContainerLabels, Namespace];

    /// <summary>The scope asked for; a one-line error for malformed matchers or an unknown label scheme.</summary>
    public QueryScope For(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var labels = parse.GetValue(ContainerLabels) switch
        {
            "cadvisor" => Metrics.Queries.ContainerLabels.Cadvisor,
            "kubelet" => Metrics.Queries.ContainerLabels.Kubelet,
            var other => throw new UsageException($"--container-labels must be cadvisor or kubelet (got '{other}')"),
        };
        var ns = parse.GetValue(Namespace);
        if (ns is not null && !KubernetesName(ns)) throw new UsageException($"--function-namespace '{ns}' is not a Kubernetes namespace name");
        return new QueryScope
        {
            Node = Matchers(parse, NodeSelector),
            Containers = Matchers(parse, ContainerSelector),
            Labels = labels,
            Namespace = ns ?? (labels == Metrics.Queries.ContainerLabels.Kubelet ? QueryScope.OpenFaasNamespace : null),
        };
    }

    /// <summary>Whether any scope option was given (they need --prometheus).</summary>
    public bool Given(ParseResult parse) => Options.Any(o => parse.GetResult(o) is { Implicit: false });

    private static LabelMatchers Matchers(ParseResult parse, Option<string?> option)
    {
        try
        {
            return LabelMatchers.Parse(parse.GetValue(option));
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option.Name}: {e.Message}");
        }
    }

    private static bool KubernetesName(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
}
