using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Scheduling;
using Faaswise.Kubernetes.Tests.Webhook;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>Filter, score and the extender's wire format on hand-made nodes and pods.</summary>
public sealed class SchedulingTests
{
    private static readonly Faaswise.Qshuf.World.ClusterWorld World = Reviews.World();
    private static readonly NodeCapacity NodeA = new("node-a", 2, Ready: true, Schedulable: true);
    private static readonly NodeCapacity NodeB = new("node-b", 8, Ready: true, Schedulable: true);

    [Fact]
    public void Filter_SaysWhyEachNodeDoesNotFit_InKubeSchedulersWords()
    {
        var pod = FunctionPod("new", "GPU-aaaa-0001", planned: "node-a");
        var busy = new[] { FunctionPod("old-1", "GPU-aaaa-0002", node: "node-a"), FunctionPod("old-2", "GPU-aaaa-0002", node: "node-a") };
        NodeCapacity[] nodes = [NodeA, NodeB, new("node-c", 8, Ready: false, Schedulable: true)];

        var filtered = NodeFit.Filter(World, pod, nodes, busy);

        Assert.Equal("Insufficient cpu", filtered["node-a"]);
        Assert.Equal("node(s) didn't match the node QShuf placed the pod on", filtered["node-b"]);
        Assert.Equal("node(s) were not ready", filtered["node-c"]);
        Assert.Equal("0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match the node QShuf placed the pod on, 1 node(s) were not ready.", NodeFit.Summary(filtered));
    }

    [Fact]
    public void Filter_CountsTheModelsOnTheGpu_AndScorePrefersFreeCpu()
    {
        var world = Reviews.World(Reviews.WorldYaml.Replace("memory_gb: 24", "memory_gb: 3", StringComparison.Ordinal));
        var pod = FunctionPod("new", "GPU-aaaa-0001", function: "labse");
        var resident = FunctionPod("old", "GPU-aaaa-0001", node: "node-a", function: "labse");

        Assert.Null(NodeFit.Filter(world, pod, [NodeA, NodeB], [])["node-a"]);
        Assert.Equal("Insufficient GPU memory", NodeFit.Filter(world, pod, [NodeA, NodeB], [resident])["node-a"]);
        var scores = NodeFit.Score(pod, [NodeA, NodeB], []);
        Assert.True(scores["node-b"] > scores["node-a"]);
    }

    [Fact]
    public void Extender_AnswersFilterAndPrioritize_OnTheWireTypes_AndLeavesOtherPodsAlone()
    {
        var pods = new List<FunctionPod>();
        var extender = new Extender(World, () => pods, () => [NodeA, NodeB]);
        var pod = LiveClusterTests.Pod("bert-new", "GPU-aaaa-0001", cuda: true, reserve: false, phase: "Pending");
        pod["metadata"]!["annotations"]![PodLabels.Node] = "node-a";

        var filter = extender.Filter(new JsonObject { ["pod"] = pod.DeepClone(), ["nodenames"] = new JsonArray("node-a", "node-b") });
        var priorities = extender.Prioritize(new JsonObject { ["Pod"] = pod.DeepClone(), ["NodeNames"] = new JsonArray("node-a", "node-b") });
        var other = extender.Filter(new JsonObject { ["Pod"] = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } }, ["NodeNames"] = new JsonArray("node-a", "node-b") });
        var malformed = extender.Filter(JsonValue.Create(3));

        Assert.Equal(["node-a"], filter["NodeNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("node(s) didn't match the node QShuf placed the pod on", filter["FailedNodes"]!["node-b"]!.GetValue<string>());
        Assert.Equal(0, priorities.Single(p => p!["Host"]!.GetValue<string>() == "node-b")!["Score"]!.GetValue<int>());
        Assert.Equal(2, other["NodeNames"]!.AsArray().Count);
        Assert.NotEqual("", malformed["Error"]!.GetValue<string>());
    }

    private static FunctionPod FunctionPod(string name, string gpu, string? node = null, string? planned = null, string function = "bert")
    {
        var json = LiveClusterTests.Pod(name, gpu, cuda: true, reserve: false, phase: node is null ? "Pending" : "Running", node: node);
        json["metadata"]!["labels"]![PodLabels.Function] = function;
        if (planned is not null) json["metadata"]!["annotations"]![PodLabels.Node] = planned;
        return Control.FunctionPod.Read(World, json)!;
    }
}
