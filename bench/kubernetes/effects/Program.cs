// Decision to effect on a live cluster: the controller applies a scripted policy's decisions to the test cluster
// (webhook, our scheduler, kubelet stand-ins running real `faaswise runtime serve` processes on an emulated GPU), one
// decision at a time, and each is timed twice: to its applied answer (the API server's or the runtime's, through the
// pod proxy) and to the moment the controller's own view shows it (informer or runtime report). Prints one JSON
// object per decision on stdout.
// Usage: EffectsBench FAASWISE_DLL CYCLES
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Faaswise.Kubernetes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Certificates;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Hosting;
using Faaswise.Kubernetes.Informers;
using Faaswise.Kubernetes.Manifests;
using Faaswise.Kubernetes.Testing;
using Faaswise.Kubernetes.Testing.Kubelet;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

var dll = args[0];
var cycles = int.Parse(args[1], CultureInfo.InvariantCulture);
var dir = Directory.CreateTempSubdirectory("faaswise-effects-").FullName;
const string Scheduler = "faaswise-scheduler";
try
{
    var world = Catalogues.Parse("""
        name: effects
        catalogue: qshuf-es1
        nodes:
          - { name: node-a, cpu_cores: 8, host_memory_gb: 64, gpus: [{ uuid: GPU-aaaa-0001, memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }] }
        """);
    var kubelet = new KubeletOptions { WorkDirectory = Path.Combine(dir, "kubelet") };
    kubelet.Programs["faaswise"] = (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", [dll]);
    await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { Kubelet = kubelet });
    cluster.AddNamespace("openfaas-fn");
    cluster.AddNamespace("faaswise");
    foreach (var node in world.Nodes) cluster.AddNode(node.Name, node.CpuCores, node.Gpus.Select(g => (g.Uuid, g.Product, g.MemoryBytes / (1024 * 1024))).ToList());
    using var client = cluster.HttpsClient();
    var certs = Path.Combine(dir, "certs");
    WebhookCertificates.Write(certs, "faaswise-webhook", "faaswise", [], TimeSpan.FromDays(1));
    var model = Path.Combine(dir, "tiny.onnx");
    Faaswise.Runtime.Models.SyntheticModel.For(64 * 1024, null).Write(model);
    Directory.CreateDirectory(Path.Combine(dir, "gpus"));

    var ledger = new PlacementLedger(world, TimeProvider.System, TimeSpan.FromSeconds(30));
    var intents = new IntentBook(DeploymentFetch.Of(client, "openfaas-fn"));
    var handler = new AdmissionHandler(new NoPlacement(), ledger, new WebhookOptions { ModelHostPath = null, SchedulerName = Scheduler }, intents);
    using var certificate = new ReloadingCertificate(certs);
    await using var webhook = await WebhookServer.StartAsync(handler, certificate, new IPEndPoint(IPAddress.Loopback, 0));
    using var stop = new CancellationTokenSource();
    var pods = new Informer(InformerSource.Pods(client, "openfaas-fn", $"{PodLabels.OptIn}=true"), ledger.Reset, ledger.Observe, ledger.Forget);
    var deployments = new Informer(InformerSource.Deployments(client, "openfaas-fn"), intents.Reset, intents.Observe, intents.Forget);
    var informing = Task.WhenAll(pods.RunAsync(stop.Token), deployments.RunAsync(stop.Token));
    await Task.WhenAll(pods.Synced, deployments.Synced);
    cluster.Expose("faaswise", "faaswise-webhook", 443, "https", webhook.Endpoint);
    var config = (V1MutatingWebhookConfiguration)ManifestWriter.Objects(new ManifestOptions(), certs).Single(o => o is V1MutatingWebhookConfiguration);
    await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(config);
    await client.AppsV1.CreateNamespacedDeploymentAsync(Function("bert", model, Path.Combine(dir, "gpus")), "openfaas-fn");

    var script = new Script(world, cycles);
    var controller = new QshufController(cluster.HttpsClient(), world, () => new Policy("effects", 0.1, script, script, new NoScaling(), new RoundRobinRouter(), new NoAdmission()),
        new ControllerOptions { LeaderElection = false, Period = TimeSpan.FromMilliseconds(100), RuntimePoll = TimeSpan.FromMilliseconds(100), SchedulerName = Scheduler, Identity = "effects" },
        NullLoggerFactory.Instance);
    var applied = new List<DecisionOutcome>();
    controller.Applied += o =>
    {
        lock (applied) applied.Add(o);
    };
    controller.Cluster.IntentReady += (_, seconds) => script.StartReady(seconds);
    var running = controller.RunAsync(stop.Token);
    var deadline = Stopwatch.StartNew();
    while (!script.Done && deadline.Elapsed < TimeSpan.FromMinutes(10)) await Task.Delay(100);
    await stop.CancelAsync();
    await running;
    try
    {
        await informing;
    }
    catch (OperationCanceledException)
    {
    }

    lock (applied)
    {
        foreach (var o in applied.Where(o => o.Source == "control"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { kind = o.Kind, measure = "applied", seconds = o.Seconds, refused = o.Refusal }));
        }
    }

    foreach (var (kind, seconds) in script.Observed) Console.WriteLine(JsonSerializer.Serialize(new { kind, measure = "observed", seconds, refused = (string?)null }));
    if (!script.Done) Console.Error.WriteLine($"effects: only {script.Observed.Count} effects observed in 10 minutes");
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static V1Deployment Function(string name, string model, string ledgers)
{
    var labels = new Dictionary<string, string> { [PodLabels.Function] = name, [PodLabels.OptIn] = "true" };
    return new V1Deployment
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [PodLabels.Function] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = 0,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [PodLabels.Function] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = labels },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = name, Image = "ghcr.io/faaswise/" + name, Command = ["faaswise"],
                            Args = ["runtime", "serve", "--model", model, "--listen", "$(POD_IP)", "--port", "8080", "--control-port", "5001", "--threads", "1",
                                "--device", "emulated-gpu", "--gpu-name", "$(NVIDIA_VISIBLE_DEVICES)", "--gpu-ledger-dir", ledgers],
                            Env = [new V1EnvVar { Name = "POD_IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } } }],
                            Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }],
                        },
                    ],
                },
            },
        },
    };
}

/// <summary>The webhook places nothing on its own: every pod comes from the script's intents.</summary>
internal sealed class NoPlacement : IPlacement
{
    public void Deploy(IClusterSnapshot cluster, DecisionList decisions)
    {
    }

    public void Maintain(IClusterSnapshot cluster, DecisionList decisions)
    {
    }

    public Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason) => null;
}

/// <summary>
/// Per cycle: start a replica with its model on the GPU and ready, offload, load, not ready, ready, stop; each step
/// waits until the controller's view shows the one before, and notes how long that took from its decision.
/// </summary>
internal sealed class Script(ClusterWorld world, int cycles) : IPlacement, IScaler
{
    private static readonly string[] Steps = ["start", "offload", "load", "notready", "ready", "stop"];
    private readonly int _bert = world.FunctionIndex("bert");
    private readonly Lock _gate = new();
    private readonly List<(string Kind, double Seconds)> _observed = [];
    private int _step = -1;
    private int _cycle;
    private double _decidedAt;
    private string? _replica;

    public bool Done
    {
        get
        {
            lock (_gate) return _cycle >= cycles;
        }
    }

    public List<(string Kind, double Seconds)> Observed
    {
        get
        {
            lock (_gate) return [.. _observed];
        }
    }

    public void StartReady(double seconds)
    {
        lock (_gate) _observed.Add(("start-to-ready (intent to pod ready)", seconds));
    }

    public void Deploy(IClusterSnapshot cluster, DecisionList decisions)
    {
    }

    public void Maintain(IClusterSnapshot cluster, DecisionList decisions)
    {
    }

    public Decision? Place(IClusterSnapshot cluster, int function, bool reserve, DecisionList decisions, string reason) => null;

    public void Scale(IClusterSnapshot cluster, IPlacement placement, DecisionList decisions)
    {
        lock (_gate)
        {
            if (_cycle >= cycles) return;
            var replicas = cluster.ReplicasOf(_bert);
            var r = replicas.FirstOrDefault(x => !x.Id.StartsWith("intent:", StringComparison.Ordinal));
            if (_step >= 0 && !Shows(Steps[_step], r, replicas.Count)) return;
            if (_step >= 0) _observed.Add((Steps[_step], cluster.Time - _decidedAt));
            _step = (_step + 1) % Steps.Length;
            if (_step == 0 && _observed.Count > 0) _cycle++;
            if (_cycle >= cycles) return;
            _decidedAt = cluster.Time;
            switch (Steps[_step])
            {
                case "start":
                    decisions.Start(cluster, Decision.Start(_bert, 0, onGpu: true, ready: true, reserve: false, "effects: start"));
                    break;
                case "offload":
                    decisions.Offload(cluster, r!, "effects: offload");
                    break;
                case "load":
                    decisions.Load(cluster, r!, "effects: load");
                    break;
                case "notready":
                    decisions.Add(Decision.On(DecisionKind.NotReady, r!, "effects: not ready"));
                    break;
                case "ready":
                    decisions.Add(Decision.On(DecisionKind.Ready, r!, "effects: ready"));
                    break;
                default:
                    decisions.Stop(cluster, r!, "effects: stop");
                    break;
            }

            _replica = r?.Id;
        }
    }

    private bool Shows(string step, IReplicaView? r, int count) => step switch
    {
        "start" => r is { Phase: ReplicaPhase.Running, Ready: true, Residency: Residency.Gpu },
        "offload" => r is { Residency: Residency.Host },
        "load" => r is { Residency: Residency.Gpu },
        "notready" => r is { Ready: false, ReadyPending: null },
        "ready" => r is { Ready: true, ReadyPending: null },
        _ => count == 0 || r?.Id != _replica,
    };
}
