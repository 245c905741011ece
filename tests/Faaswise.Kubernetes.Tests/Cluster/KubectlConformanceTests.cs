using Faaswise.Kubernetes.Testing;
using Faaswise.Kubernetes.Tests.Webhook;
using k8s;
using k8s.Models;

namespace Faaswise.Kubernetes.Tests.Cluster;

/// <summary>The same scenarios as <see cref="ClientConformanceTests"/> through kubectl (the pinned v1.33.9), so the test cluster does not drift into what only our client accepts.</summary>
public sealed class KubectlConformanceTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private string _kubeconfig = "";
    private string? _kubectl;
    private readonly string _dir = Directory.CreateTempSubdirectory("faaswise-kubectl-").FullName;

    public async Task InitializeAsync()
    {
        _kubectl = Kubectl.Path();
        _cluster = await TestCluster.StartAsync();
        _cluster.AddNamespace("openfaas-fn");
        _cluster.AddNode("node-a", 8, [("GPU-aaaa-0001", "L4-24GB", 24_576)]);
        _kubeconfig = _cluster.WriteKubeconfig(_dir);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Run(params string[] args) => Kubectl.Run(_kubectl!, _kubeconfig, args);

    [Fact]
    public async Task GetWithSelectors_ListsWhatTheClientCreated()
    {
        if (_kubectl is null) return;
        using var client = _cluster.HttpsClient();
        await client.CoreV1.CreateNamespacedPodAsync(Pod("mine", "faaswise-scheduler"), "openfaas-fn");
        await client.CoreV1.CreateNamespacedPodAsync(Pod("theirs", "default-scheduler"), "openfaas-fn");

        var unbound = Run("get", "pods", "-n", "openfaas-fn", "--field-selector", "spec.schedulerName=faaswise-scheduler,spec.nodeName=", "-o", "name");
        var labelled = Run("get", "pods", "-n", "openfaas-fn", "-l", "faas_function=resnet-18", "-o", "name");
        var nodes = Run("get", "nodes", "-o", "jsonpath={.items[0].status.allocatable.nvidia\\.com/gpu}");

        Assert.Equal("pod/mine", unbound.Trim());
        Assert.Equal(["pod/mine", "pod/theirs"], labelled.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("1", nodes);
    }

    [Fact]
    public async Task CreateLabelScaleDelete_ChangeWhatTheClientReads()
    {
        if (_kubectl is null) return;
        var manifest = Path.Combine(_dir, "deploy.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: bert, namespace: openfaas-fn}
            spec:
              replicas: 2
              selector: {matchLabels: {faas_function: bert}}
              template:
                metadata: {labels: {faas_function: bert}}
                spec:
                  schedulerName: nobody
                  containers: [{name: bert, image: ghcr.io/faaswise/bert}]
            """);
        using var client = _cluster.HttpsClient();

        Run("create", "-f", manifest, "--validate=false");
        await _cluster.WaitUntilAsync(() => Pods(client).Count == 2, TimeSpan.FromSeconds(30), "two pods");
        var first = Pods(client)[0];
        Run("label", "pod", first, "-n", "openfaas-fn", "reserve=True");
        Run("annotate", "pod", first, "-n", "openfaas-fn", "controller.kubernetes.io/pod-deletion-cost=-100");
        Run("scale", "deployment", "bert", "-n", "openfaas-fn", "--replicas=1");
        await _cluster.WaitUntilAsync(() => Pods(client).Count == 1, TimeSpan.FromSeconds(30), "one pod");
        var survivor = Pods(client)[0];
        Run("delete", "deployment", "bert", "-n", "openfaas-fn");
        await _cluster.WaitUntilAsync(() => Pods(client).Count == 0, TimeSpan.FromSeconds(30), "no pod");

        Assert.NotEqual(first, survivor);
    }

    private static List<string> Pods(IKubernetes client) =>
        client.CoreV1.ListNamespacedPod("openfaas-fn", labelSelector: "faas_function=bert").Items.Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).ToList();

    private static V1Pod Pod(string name, string scheduler) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["faas_function"] = "resnet-18" } },
        Spec = new V1PodSpec { SchedulerName = scheduler, Containers = [new V1Container { Name = "c", Image = "faaswise" }] },
    };
}
