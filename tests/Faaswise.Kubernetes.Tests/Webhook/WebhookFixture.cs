using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Certificates;
using Faaswise.Kubernetes.Hosting;
using Faaswise.Kubernetes.Informers;
using Faaswise.Kubernetes.Manifests;
using Faaswise.Kubernetes.Testing;
using Faaswise.Kubernetes.Testing.Kubelet;
using Faaswise.Kubernetes.Testing.Store;
using Faaswise.Qshuf.Policies;
using k8s;

namespace Faaswise.Kubernetes.Tests.Webhook;

/// <summary>
/// A 2-node, 3-GPU test cluster with the real webhook beside it: certificates from <see cref="WebhookCertificates"/>,
/// the HTTPS server, the pod informer, and the registration the manifests write (the MutatingWebhookConfiguration with
/// the CA bundle, its Service pointed at the webhook).
/// </summary>
public sealed class WebhookFixture : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _informing = Task.CompletedTask;

    public TestCluster Cluster { get; private set; } = null!;

    public Faaswise.Qshuf.World.ClusterWorld World { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    public WebhookServer Server { get; private set; } = null!;

    public ReloadingCertificate Certificate { get; private set; } = null!;

    public AdmissionHandler Handler { get; private set; } = null!;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("faaswise-webhook-").FullName;

    public string CertDirectory => Path.Combine(Directory, "certs");

    public string ModelDirectory => Path.Combine(Directory, "models");

    public string LedgerDirectory => Path.Combine(Directory, "gpus");

    public static Task<WebhookFixture> StartAsync(string policy = "qshuf", string? schedulerName = null, string worldYaml = Reviews.WorldYaml) =>
        StartAsync(PolicyCatalog.Create(policy)!.Placement, schedulerName, worldYaml);

    public static async Task<WebhookFixture> StartAsync(IPlacement placement, string? schedulerName, string worldYaml)
    {
        var f = new WebhookFixture();
        var kubelet = new KubeletOptions { WorkDirectory = Path.Combine(f.Directory, "kubelet") };
        kubelet.Programs["faaswise"] = (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", [Path.Combine(AppContext.BaseDirectory, "faaswise.dll")]);
        f.Cluster = await TestCluster.StartAsync(new TestClusterOptions { Kubelet = kubelet });
        f.Cluster.AddNamespace("openfaas-fn", new Dictionary<string, string> { ["role"] = "openfaas-fn" });
        f.Cluster.AddNamespace("faaswise");
        f.World = Reviews.World(worldYaml);
        foreach (var node in f.World.Nodes) f.Cluster.AddNode(node.Name, node.CpuCores, node.Gpus.Select(g => (g.Uuid, g.Product, g.MemoryBytes / (1024 * 1024))).ToList());
        f.Client = f.Cluster.HttpsClient();
        WebhookCertificates.Write(f.CertDirectory, "faaswise-webhook", "faaswise", [], TimeSpan.FromDays(1));
        System.IO.Directory.CreateDirectory(f.ModelDirectory);
        Faaswise.Runtime.Models.SyntheticModel.For(64 * 1024, null).Write(Path.Combine(f.ModelDirectory, "tiny.onnx"));
        System.IO.Directory.CreateDirectory(f.LedgerDirectory);
        var ledger = new PlacementLedger(f.World, TimeProvider.System, TimeSpan.FromSeconds(30));
        var intents = new IntentBook(DeploymentFetch.Of(f.Client, "openfaas-fn"));
        f.Handler = new AdmissionHandler(placement, ledger, new WebhookOptions { ModelHostPath = f.ModelDirectory, SchedulerName = schedulerName }, intents);
        f.Certificate = new ReloadingCertificate(f.CertDirectory);
        f.Server = await WebhookServer.StartAsync(f.Handler, f.Certificate, new IPEndPoint(IPAddress.Loopback, 0));
        var informer = new Informer(InformerSource.Pods(f.Client, "openfaas-fn", $"{PodLabels.OptIn}=true"), ledger.Reset, ledger.Observe, ledger.Forget);
        var deployments = new Informer(InformerSource.Deployments(f.Client, "openfaas-fn"), intents.Reset, intents.Observe, intents.Forget);
        f._informing = Task.WhenAll(informer.RunAsync(f._stop.Token), deployments.RunAsync(f._stop.Token));
        await Task.WhenAll(informer.Synced, deployments.Synced);
        return f;
    }

    /// <summary>Registers the webhook as the manifests do, pointing its Service at <paramref name="target"/> (the running server by default).</summary>
    public async Task RegisterAsync(string failurePolicy = "Fail", IPEndPoint? target = null, string? caPem = null, int timeoutSeconds = 5)
    {
        var options = new ManifestOptions { FailurePolicy = failurePolicy, TimeoutSeconds = timeoutSeconds };
        var objects = ManifestWriter.Objects(options, CertDirectory);
        var config = (k8s.Models.V1MutatingWebhookConfiguration)objects.Single(o => o is k8s.Models.V1MutatingWebhookConfiguration);
        if (caPem is not null) config.Webhooks[0].ClientConfig.CaBundle = Encoding.ASCII.GetBytes(caPem);
        Cluster.Expose("faaswise", "faaswise-webhook", 443, "https", target ?? Server.Endpoint);
        await Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(config);
    }

    /// <summary>
    /// An OpenFaaS-style Deployment of a function whose pods run <c>faaswise runtime serve</c> on the tiny model; with
    /// <paramref name="gpuLedgers"/> on an emulated GPU named by the UUID the webhook pins (pods of one GPU share its memory).
    /// </summary>
    public static k8s.Models.V1Deployment Function(string name, bool optIn = true, string? gpuLedgers = null, int replicas = 1)
    {
        var labels = new Dictionary<string, string> { [PodLabels.Function] = name };
        if (optIn) labels[PodLabels.OptIn] = "true";
        return new k8s.Models.V1Deployment
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [PodLabels.Function] = name } },
            Spec = new k8s.Models.V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new k8s.Models.V1LabelSelector { MatchLabels = new Dictionary<string, string> { [PodLabels.Function] = name } },
                Template = new k8s.Models.V1PodTemplateSpec
                {
                    Metadata = new k8s.Models.V1ObjectMeta { Labels = labels, Annotations = new Dictionary<string, string> { ["prometheus.io.scrape"] = "false" } },
                    Spec = new k8s.Models.V1PodSpec
                    {
                        Containers =
                        [
                            new k8s.Models.V1Container
                            {
                                Name = name,
                                Image = $"ghcr.io/faaswise/{name}:latest",
                                Command = ["faaswise"],
                                Args = gpuLedgers is null
                                    ? ["runtime", "serve", "--model", "/models/tiny.onnx", "--listen", "$(POD_IP)", "--port", "8080", "--control-port", "5001", "--threads", "1"]
                                    : ["runtime", "serve", "--model", "/models/tiny.onnx", "--listen", "$(POD_IP)", "--port", "8080", "--control-port", "5001", "--threads", "1",
                                        "--device", "emulated-gpu", "--gpu-name", "$(NVIDIA_VISIBLE_DEVICES)", "--gpu-ledger-dir", gpuLedgers, "--h2d-bandwidth", "1GB/s", "--d2h-bandwidth", "1GB/s"],
                                Env = [new k8s.Models.V1EnvVar { Name = "POD_IP", ValueFrom = new k8s.Models.V1EnvVarSource { FieldRef = new k8s.Models.V1ObjectFieldSelector { FieldPath = "status.podIP" } } }],
                                Ports = [new k8s.Models.V1ContainerPort { Name = "http", ContainerPort = 8080 }],
                                Resources = new k8s.Models.V1ResourceRequirements { Limits = new Dictionary<string, k8s.Models.ResourceQuantity> { ["memory"] = new("1Gi") } },
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>The webhook's /metrics, fetched as the API server would reach it (its Service name, the CA checked).</summary>
    public async Task<string> ScrapeAsync()
    {
        using var client = Faaswise.Kubernetes.Testing.Admission.WebhookConnector.Create(
            File.ReadAllBytes(Path.Combine(CertDirectory, WebhookCertificates.CaCertFile)), Server.Endpoint, TimeSpan.FromSeconds(10));
        return await client.GetStringAsync(new Uri($"https://faaswise-webhook.faaswise.svc:{Server.Endpoint.Port}/metrics"));
    }

    public List<JsonObject> Pods(string? function = null) => Cluster.Store.List(ResourceType.Pods, "openfaas-fn").Items
        .Where(p => !Metadata.Deleting(p) && (function is null || Metadata.Labels(p).GetValueOrDefault(PodLabels.Function) == function)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _informing;
        }
        catch (OperationCanceledException)
        {
        }

        await Server.DisposeAsync();
        Client.Dispose();
        await Cluster.DisposeAsync();
        Certificate.Dispose();
        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
