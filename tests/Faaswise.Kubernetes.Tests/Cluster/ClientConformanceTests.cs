using System.Net;
using Faaswise.Kubernetes.Testing;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace Faaswise.Kubernetes.Tests.Cluster;

/// <summary>The test cluster answers KubernetesClient as a real API server does (reference/kubernetes-and-runtime.md §1.3, §3.2).</summary>
public sealed class ClientConformanceTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(new TestClusterOptions { BookmarkEvery = TimeSpan.FromMilliseconds(300) });
        _cluster.AddNamespace("openfaas-fn", new Dictionary<string, string> { ["role"] = "openfaas-fn" });
        _client = _cluster.HttpsClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
    }

    private static V1Pod Pod(string? name, string scheduler = "faaswise-scheduler", Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, GenerateName = name is null ? "resnet-18-5d8f7c9b4-" : null, Labels = labels ?? new() { ["faas_function"] = "resnet-18" } },
        Spec = new V1PodSpec { SchedulerName = scheduler, Containers = [new V1Container { Name = "resnet-18", Image = "faaswise" }] },
    };

    [Fact]
    public async Task Create_GenerateName_GetsAFreshNameUidAndTheServiceAccountToken()
    {
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(Pod(null), "openfaas-fn");

        Assert.StartsWith("resnet-18-5d8f7c9b4-", pod.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(25, pod.Metadata.Name.Length);
        Assert.False(string.IsNullOrEmpty(pod.Metadata.Uid));
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Contains(pod.Spec.Containers[0].VolumeMounts, m => m.MountPath == "/var/run/secrets/kubernetes.io/serviceaccount");
    }

    [Fact]
    public async Task Create_SameNameTwice_Is409AlreadyExists()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "openfaas-fn");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "openfaas-fn"));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        Assert.Contains("already exists", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FieldAndLabelSelectors_PickTheUnboundPodsOfOurScheduler()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("mine"), "openfaas-fn");
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("default", "default-scheduler"), "openfaas-fn");
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("other", labels: new() { ["faas_function"] = "bert" }), "openfaas-fn");

        var unbound = await _client.CoreV1.ListNamespacedPodAsync("openfaas-fn", fieldSelector: "spec.schedulerName=faaswise-scheduler,spec.nodeName=");
        var resnet = await _client.CoreV1.ListNamespacedPodAsync("openfaas-fn", labelSelector: "faas_function in (resnet-18),faas_function!=bert");

        Assert.Equal(["mine", "other"], unbound.Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["default", "mine"], resnet.Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_WithLimit_PagesThroughEveryItemOnce()
    {
        for (var i = 0; i < 7; i++) await _client.CoreV1.CreateNamespacedPodAsync(Pod($"p{i}"), "openfaas-fn");

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _client.CoreV1.ListNamespacedPodAsync("openfaas-fn", limit: 3, continueParameter: token);
            seen.AddRange(page.Items.Select(p => p.Metadata.Name));
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"p{i}"), seen);
    }

    [Fact]
    public async Task Binding_SetsNodeAndPodScheduled_ASecondBindingIs409AlreadyAssigned()
    {
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "openfaas-fn");
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = "p1", NamespaceProperty = "openfaas-fn", Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = "gpu-node-1" },
        };

        await _client.CoreV1.CreateNamespacedPodBindingAsync(binding, "p1", "openfaas-fn");
        var bound = await _client.CoreV1.ReadNamespacedPodAsync("p1", "openfaas-fn");
        var again = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodBindingAsync(binding, "p1", "openfaas-fn"));

        Assert.Equal("gpu-node-1", bound.Spec.NodeName);
        Assert.Contains(bound.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Contains("pod p1 is already assigned to node \\\"gpu-node-1\\\"", again.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binding_WithAStaleUid_Is409PreconditionFailed()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "openfaas-fn");
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = "p1", Uid = "00000000-0000-0000-0000-000000000000" },
            Target = new V1ObjectReference { Kind = "Node", Name = "gpu-node-1" },
        };

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodBindingAsync(binding, "p1", "openfaas-fn"));

        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        Assert.Contains("Precondition failed: UID in precondition", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_FromAResourceVersion_ReplaysInOrderThenFollowsLive()
    {
        var list = await _client.CoreV1.ListNamespacedPodAsync("openfaas-fn");
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("before"), "openfaas-fn");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<(WatchEventType, string)>();
        var bookmarks = 0;
        await foreach (var (type, pod) in _client.CoreV1.WatchListNamespacedPodAsync("openfaas-fn", allowWatchBookmarks: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            if (type == WatchEventType.Bookmark)
            {
                bookmarks++;
                if (seen.Count == 2 && bookmarks == 1) await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"reserve":"False"}}}""", V1Patch.PatchType.MergePatch), "before", "openfaas-fn");
                continue;
            }

            seen.Add((type, pod.Metadata.Name));
            if (seen.Count == 1) await _client.CoreV1.CreateNamespacedPodAsync(Pod("after"), "openfaas-fn");
            if (seen.Count == 3) break;
        }

        Assert.Equal([(WatchEventType.Added, "before"), (WatchEventType.Added, "after"), (WatchEventType.Modified, "before")], seen);
        Assert.True(bookmarks >= 1);
    }

    [Fact]
    public async Task Watch_FromACompactedResourceVersion_Ends410Expired()
    {
        var list = await _client.CoreV1.ListNamespacedPodAsync("openfaas-fn");
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "openfaas-fn");
        _cluster.Store.Compact();
        Exception? error = null;
        var events = 0;

        await foreach (var _ in _client.CoreV1.WatchListNamespacedPodAsync("openfaas-fn", resourceVersion: list.Metadata.ResourceVersion, onError: e => error = e))
        {
            events++;
        }

        Assert.Equal(0, events);
        var expired = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
    }

    [Fact]
    public async Task Patch_StatusSubresource_ChangesOnlyStatus_AndMainResourceKeepsStatus()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "openfaas-fn");

        await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("""{"status":{"phase":"Running"},"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "p1", "openfaas-fn");
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""[{"op":"add","path":"/metadata/labels/infer_device","value":"cuda"},{"op":"replace","path":"/status/phase","value":"Failed"}]""", V1Patch.PatchType.JsonPatch), "p1", "openfaas-fn");
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("p1", "openfaas-fn");

        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("cuda", pod.Metadata.Labels["infer_device"]);
        Assert.False(pod.Metadata.Labels.ContainsKey("x"));
    }

    [Fact]
    public async Task Replace_WithAStaleResourceVersion_Is409Conflict()
    {
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "openfaas-fn");
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "p1", "openfaas-fn");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedPodAsync(pod, "p1", "openfaas-fn"));

        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
    }

    [Fact]
    public async Task Deployment_ScaleSubresource_CreatesAndRemovesPods_LowestDeletionCostFirst()
    {
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "resnet-18" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 3,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["faas_function"] = "resnet-18" } },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["faas_function"] = "resnet-18" } }, Spec = Pod("x").Spec },
            },
        };
        await _client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "openfaas-fn");
        await _cluster.WaitUntilAsync(() => Pods().Count == 3, TimeSpan.FromSeconds(30), "three pods: " + string.Join("\n", _cluster.ControllerErrors));
        var victim = Pods()[1];
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"annotations":{"controller.kubernetes.io/pod-deletion-cost":"-100"}}}""", V1Patch.PatchType.MergePatch), victim, "openfaas-fn");

        var scale = await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("resnet-18", "openfaas-fn");
        // A patch, as kubectl scale sends it: a PUT of the Scale read above carries its resourceVersion and is refused
        // with 409 once the controllers have written the Deployment's status since.
        await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":2}}", V1Patch.PatchType.MergePatch), "resnet-18", "openfaas-fn");
        await _cluster.WaitUntilAsync(() => Pods().Count == 2, TimeSpan.FromSeconds(30), "two pods");

        Assert.DoesNotContain(victim, Pods());
        Assert.Equal("faas_function=resnet-18", scale.Status.Selector);
    }

    [Fact]
    public async Task LeaseLock_OneOfTwoCandidatesLeads_NeverBoth()
    {
        var config = (string id) => new LeaderElectionConfig(new LeaseLock(_client, "openfaas-fn", "faaswise-scheduler", id))
        {
            LeaseDuration = TimeSpan.FromSeconds(15), RenewDeadline = TimeSpan.FromSeconds(10), RetryPeriod = TimeSpan.FromMilliseconds(200),
        };
        using var a = new LeaderElector(config("a"));
        using var b = new LeaderElector(config("b"));
        using var cts = new CancellationTokenSource();
        var both = false;
        var runA = a.RunUntilLeadershipLostAsync(cts.Token);
        var runB = b.RunUntilLeadershipLostAsync(cts.Token);

        await _cluster.WaitUntilAsync(() =>
        {
            both |= a.IsLeader() && b.IsLeader();
            return a.IsLeader() || b.IsLeader();
        }, TimeSpan.FromSeconds(30), "a leader");
        var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync("faaswise-scheduler", "openfaas-fn");
        await cts.CancelAsync();
        await Task.WhenAll(runA, runB).ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.False(both);
        Assert.Contains(lease.Spec.HolderIdentity, new[] { "a", "b" });
    }

    [Fact]
    public async Task Events_BothApiGroups_CreateAndList()
    {
        var ev = new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "p1.scheduled" },
            EventTime = DateTime.UtcNow,
            ReportingController = "faaswise-scheduler",
            ReportingInstance = "faaswise-scheduler-0",
            Action = "Binding",
            Reason = "Scheduled",
            Type = "Normal",
            Note = "Successfully assigned openfaas-fn/p1 to gpu-node-1",
            Regarding = new V1ObjectReference { Kind = "Pod", Name = "p1", NamespaceProperty = "openfaas-fn" },
        };

        await _client.EventsV1.CreateNamespacedEventAsync(ev, "openfaas-fn");
        var listed = await _client.EventsV1.ListNamespacedEventAsync("openfaas-fn");

        Assert.Equal("Scheduled", Assert.Single(listed.Items).Reason);
    }

    private List<string> Pods() => _cluster.Store.List(Testing.Store.ResourceType.Pods, "openfaas-fn").Items
        .Where(p => !Testing.Store.Metadata.Deleting(p)).Select(Testing.Store.Metadata.Name).Order(StringComparer.Ordinal).ToList();

}
