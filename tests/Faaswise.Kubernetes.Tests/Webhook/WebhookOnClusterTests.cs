using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Certificates;
using Faaswise.Kubernetes.Testing.Controllers;
using Faaswise.Kubernetes.Testing.Store;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Faaswise.Kubernetes.Tests.Webhook;

/// <summary>The webhook behind the test cluster's admission over verified TLS: placements, failure policies, certificate rotation.</summary>
public sealed class WebhookOnClusterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ThreeFunctions_OnTwoNodesAndThreeGpus_ComeUpPlacedByTheWebhookAndReady()
    {
        await using var f = await WebhookFixture.StartAsync();
        await f.RegisterAsync();
        string[] functions = ["bert", "labse", "resnet-18"];

        foreach (var name in functions) await f.Client.AppsV1.CreateNamespacedDeploymentAsync(WebhookFixture.Function(name), "openfaas-fn");
        await f.Cluster.WaitUntilAsync(() => functions.All(n => f.Pods(n) is [var p] && PodFacts.Ready(p)), Patience,
            "three ready pods; " + string.Join("; ", f.Cluster.Refusals) + string.Join("; ", f.Cluster.ControllerErrors));

        var world = Reviews.World();
        var gpus = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in functions)
        {
            var pod = await f.Client.CoreV1.ReadNamespacedPodAsync(Metadata.Name(f.Pods(name)[0]), "openfaas-fn");
            var env = pod.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
            var uuid = pod.Metadata.Annotations[PodLabels.Gpu];
            var gpu = world.Gpus.Select(g => g.Uuid).ToList().IndexOf(uuid);
            gpus.Add(uuid);
            Assert.Equal(world.Nodes[world.GpuNode[gpu]].Name, pod.Spec.NodeName);
            Assert.Equal(pod.Spec.NodeName, pod.Spec.NodeSelector["kubernetes.io/hostname"]);
            Assert.Equal(uuid, env["NVIDIA_VISIBLE_DEVICES"]);
            Assert.Equal("cuda", pod.Metadata.Labels[PodLabels.InferDevice]);
            Assert.Equal("False", pod.Metadata.Labels[PodLabels.Reserve]);
            Assert.Equal("/loaded", pod.Spec.Containers[0].ReadinessProbe.HttpGet.Path);
            Assert.Contains(pod.Spec.Containers[0].VolumeMounts, m => m.MountPath == "/var/run/secrets/kubernetes.io/serviceaccount");
            Assert.Equal("1Gi", pod.Spec.Containers[0].Resources.Limits["memory"].ToString());
            Assert.Equal(200, await ProxiedStatusAsync(f, pod.Metadata.Name));
        }

        Assert.Equal(3, gpus.Count);
        Assert.Empty(f.Cluster.ControllerErrors);
        if (Kubectl.Path() is { } kubectl)
        {
            var yaml = Kubectl.Run(kubectl, f.Cluster.WriteKubeconfig(f.Directory), "get", "pods", "-n", "openfaas-fn", "-l", "faas_function=bert", "-o", "yaml");
            Assert.Contains("NVIDIA_VISIBLE_DEVICES", yaml, StringComparison.Ordinal);
            Assert.Contains("faaswise.io/gpu: GPU-", yaml, StringComparison.Ordinal);
            Assert.Contains("infer_device: cuda", yaml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WebhookDown_FailPolicy_RefusesQshufPods_ButNotTheWebhooksOwnOrOthers()
    {
        await using var f = await WebhookFixture.StartAsync();
        await f.RegisterAsync("Fail", target: new IPEndPoint(IPAddress.Loopback, Faaswise.Testing.ClosedPort.Find()));

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => f.Client.CoreV1.CreateNamespacedPodAsync(BarePod("bert", optIn: true), "openfaas-fn"));
        var plain = await f.Client.CoreV1.CreateNamespacedPodAsync(BarePod("bert", optIn: false), "openfaas-fn");
        var own = await f.Client.CoreV1.CreateNamespacedPodAsync(BarePod("faaswise-webhook", optIn: false), "faaswise");

        Assert.Equal(HttpStatusCode.InternalServerError, refused.Response.StatusCode);
        Assert.Contains("failed calling webhook \\\"place.qshuf.faaswise.io\\\"", refused.Response.Content, StringComparison.Ordinal);
        Assert.False(plain.Metadata.Labels.ContainsKey(PodLabels.InferDevice));
        Assert.NotNull(own.Metadata.Uid);
    }

    [Fact]
    public async Task WebhookDown_IgnorePolicy_AdmitsQshufPodsUnplaced()
    {
        await using var f = await WebhookFixture.StartAsync();
        await f.RegisterAsync("Ignore", target: new IPEndPoint(IPAddress.Loopback, Faaswise.Testing.ClosedPort.Find()));

        var pod = await f.Client.CoreV1.CreateNamespacedPodAsync(BarePod("bert", optIn: true), "openfaas-fn");

        Assert.False(pod.Metadata.Labels.ContainsKey(PodLabels.InferDevice));
        Assert.Null(pod.Spec.NodeSelector);
    }

    [Fact]
    public async Task UntrustedCertificate_IsAFailedCall_NotAnAdmission()
    {
        await using var f = await WebhookFixture.StartAsync();
        using var otherCa = WebhookCertificates.CreateCa("someone-else", TimeSpan.FromDays(1));
        await f.RegisterAsync("Fail", caPem: otherCa.ExportCertificatePem());

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => f.Client.CoreV1.CreateNamespacedPodAsync(BarePod("bert", optIn: true), "openfaas-fn"));

        Assert.Equal(HttpStatusCode.InternalServerError, refused.Response.StatusCode);
        Assert.Equal(0, f.Handler.Admitted);
    }

    [Fact]
    public async Task CertificateRotation_UnderTheSameCa_NoAdmissionFails_AndTheNewCertificateIsServed()
    {
        await using var f = await WebhookFixture.StartAsync();
        await f.RegisterAsync();
        var before = f.Certificate.Current.SerialNumber;
        using var rotation = new CancellationTokenSource();
        var failures = 0;
        var admitted = 0;
        var load = Task.Run(async () =>
        {
            for (var i = 0; !rotation.IsCancellationRequested || i < 5; i++)
            {
                try
                {
                    var pod = await f.Client.CoreV1.CreateNamespacedPodAsync(BarePod("bert", optIn: true), "openfaas-fn");
                    if (pod.Metadata.Labels.ContainsKey(PodLabels.InferDevice)) Interlocked.Increment(ref admitted);
                }
                catch (HttpOperationException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        await f.Cluster.WaitUntilAsync(() => Volatile.Read(ref admitted) >= 3, Patience, "admissions before the rotation");
        var reusedCa = WebhookCertificates.Write(f.CertDirectory, "faaswise-webhook", "faaswise", [], TimeSpan.FromDays(1));
        await f.Cluster.WaitUntilAsync(() => f.Certificate.Current.SerialNumber != before, Patience, "the new certificate to be loaded");
        var afterRotation = Volatile.Read(ref admitted);
        await f.Cluster.WaitUntilAsync(() => Volatile.Read(ref admitted) >= afterRotation + 3, Patience, "admissions after the rotation");
        await rotation.CancelAsync();
        await load;

        Assert.True(reusedCa);
        Assert.Equal(0, failures);
        Assert.Equal(2, f.Certificate.Loads);
    }

    private static V1Pod BarePod(string function, bool optIn)
    {
        var labels = new Dictionary<string, string> { [PodLabels.Function] = function };
        if (optIn) labels[PodLabels.OptIn] = "true";
        return new V1Pod
        {
            Metadata = new V1ObjectMeta { GenerateName = function + "-", Labels = labels },
            Spec = new V1PodSpec { SchedulerName = "nobody", Containers = [new V1Container { Name = function, Image = "ghcr.io/faaswise/" + function }] },
        };
    }

    private static async Task<int> ProxiedStatusAsync(WebhookFixture f, string pod)
    {
        using var answer = await f.Client.CoreV1.ConnectGetNamespacedPodProxyWithPathWithHttpMessagesAsync($"{pod}:5001", "openfaas-fn", "loaded");
        return (int)answer.Response.StatusCode;
    }
}
