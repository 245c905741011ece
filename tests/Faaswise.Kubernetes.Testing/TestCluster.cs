using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Admission;
using Faaswise.Kubernetes.Testing.Api;
using Faaswise.Kubernetes.Testing.Controllers;
using Faaswise.Kubernetes.Testing.Kubelet;
using Faaswise.Kubernetes.Testing.Store;
using k8s;

namespace Faaswise.Kubernetes.Testing;

/// <summary>
/// A Kubernetes cluster in the test process: the API server on loopback (HTTP and HTTPS), mutating admission, the
/// Deployment/ReplicaSet controllers, a default scheduler, endpoints, garbage collection and a kubelet per node
/// that runs pods as local processes. The real KubernetesClient and kubectl talk to it unchanged.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<NodeAgent> _kubelets = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _errors = [];
    private WorkloadControllers _workloads = null!;
    private DefaultScheduler _scheduler = null!;
    private EndpointsController _endpoints = null!;
    private GarbageCollector _gc = null!;
    private Task _loop = Task.CompletedTask;

    private TestCluster(TestClusterOptions options)
    {
        _options = options;
        Store = new ObjectStore(options.Clock, options.HistoryLimit);
        Admission = new MutatingAdmission(Store);
    }

    /// <summary>The storage (tests may read it directly; writes should go through the API).</summary>
    public ObjectStore Store { get; }

    /// <summary>Mutating admission.</summary>
    public MutatingAdmission Admission { get; }

    /// <summary>The API server.</summary>
    public ApiServer Server { get; private set; } = null!;

    /// <summary>Pod creations the API refused to the ReplicaSet controller.</summary>
    public IReadOnlyList<string> Refusals => _workloads.Refusals;

    /// <summary>Controller failures (a test asserts there are none).</summary>
    public IReadOnlyList<string> ControllerErrors
    {
        get
        {
            lock (_errors) return [.. _errors];
        }
    }

    /// <summary>Starts a cluster with the namespaces default, kube-system and kube-public, and no nodes.</summary>
    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null)
    {
        var cluster = new TestCluster(options ?? new TestClusterOptions());
        cluster.Server = await ApiServer.StartAsync(cluster.Store, cluster.Admission, cluster._options.Clock, cluster._options.BookmarkEvery).ConfigureAwait(false);
        var clock = cluster._options.Clock;
        cluster._workloads = new WorkloadControllers(cluster.Store, cluster.Server.Resources, clock);
        cluster._scheduler = new DefaultScheduler(cluster.Store, clock);
        cluster._endpoints = new EndpointsController(cluster.Store);
        cluster._gc = new GarbageCollector(cluster.Store, clock);
        foreach (var ns in new[] { "default", "kube-system", "kube-public" }) cluster.AddNamespace(ns);
        cluster.Store.Changed += () => cluster._wake.Release();
        cluster._loop = Task.Run(() => cluster.ControlLoopAsync(cluster._stop.Token));
        return cluster;
    }

    /// <summary>A client over plain HTTP.</summary>
    public IKubernetes Client() => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Server.HttpUrl.ToString().TrimEnd('/') });

    /// <summary>A client over HTTPS that trusts the API server's certificate.</summary>
    public IKubernetes HttpsClient() => new k8s.Kubernetes(new KubernetesClientConfiguration
    {
        Host = Server.HttpsUrl.ToString().TrimEnd('/'),
        SslCaCerts = [Server.Certificate],
    });

    /// <summary>Writes a kubeconfig for kubectl (HTTPS, the API server's certificate as the CA) and returns its path.</summary>
    public string WriteKubeconfig(string directory)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(Server.Certificate.ExportCertificatePem()));
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {Server.HttpsUrl.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: test
              user:
                token: test-token
            contexts:
            - name: test
              context:
                cluster: test
                user: test
                namespace: default
            current-context: test
            """);
        return path;
    }

    /// <summary>Creates a namespace with labels.</summary>
    public JsonObject AddNamespace(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var meta = new JsonObject { ["name"] = name };
        if (labels is not null) meta["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        var ns = new JsonObject { ["metadata"] = meta };
        Defaults.Apply(ResourceType.Namespaces, ns);
        return Store.Create(ResourceType.Namespaces, null, ns);
    }

    /// <summary>
    /// Adds a Ready node with a kubelet: <paramref name="cpu"/> cores, and GPUs as the NVIDIA device plugin and GPU
    /// Feature Discovery show them (allocatable <c>nvidia.com/gpu</c>, labels for product, memory in MiB and count).
    /// </summary>
    public JsonObject AddNode(string name, double cpu, IReadOnlyList<(string Uuid, string Product, long MemoryMiB)> gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
        };
        if (gpus.Count > 0)
        {
            labels["nvidia.com/gpu.present"] = "true";
            labels["nvidia.com/gpu.product"] = gpus[0].Product;
            labels["nvidia.com/gpu.memory"] = gpus[0].MemoryMiB.ToString(CultureInfo.InvariantCulture);
            labels["nvidia.com/gpu.count"] = gpus.Count.ToString(CultureInfo.InvariantCulture);
        }

        var resources = new JsonObject
        {
            ["cpu"] = cpu.ToString(CultureInfo.InvariantCulture),
            ["memory"] = "64Gi",
            ["pods"] = "110",
            ["nvidia.com/gpu"] = gpus.Count.ToString(CultureInfo.InvariantCulture),
        };
        var node = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels, ["annotations"] = new JsonObject { ["faaswise.io/gpu-uuids"] = string.Join(',', gpus.Select(g => g.Uuid)) } },
            ["spec"] = new JsonObject(),
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady" }),
                ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "127.0.0.1" }, new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.33.0-faaswise", ["operatingSystem"] = "linux", ["architecture"] = "amd64" },
            },
        };
        var created = Store.Create(ResourceType.Nodes, null, node);
        lock (_kubelets) _kubelets.Add(new NodeAgent(name, Store, _options.Kubelet, _options.Clock));
        _wake.Release();
        return created;
    }

    /// <summary>
    /// Points a Service's port at an address outside the cluster, as a Service without a selector and hand-written
    /// Endpoints do: how a test sends the API server to a webhook it runs itself. Calling it again moves the address.
    /// </summary>
    public void Expose(string ns, string service, int port, string portName, IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Store.Get(ResourceType.Services, ns, service) is null)
        {
            var svc = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = service },
                ["spec"] = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["port"] = port }) },
            };
            Defaults.Apply(ResourceType.Services, svc);
            Store.Create(ResourceType.Services, ns, svc);
        }

        var subsets = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = target.Address.ToString() }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["port"] = target.Port, ["protocol"] = "TCP" }),
        });
        if (Store.Get(ResourceType.Endpoints, ns, service) is null)
        {
            Store.Create(ResourceType.Endpoints, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = service }, ["subsets"] = subsets });
            return;
        }

        Store.Update(ResourceType.Endpoints, ns, service, e =>
        {
            e["subsets"] = subsets;
            return e;
        });
    }

    /// <summary>The log of a pod's container (empty when it never ran here).</summary>
    public string Logs(string ns, string pod)
    {
        var uid = Store.Get(ResourceType.Pods, ns, pod) is { } p ? Metadata.Uid(p) : "";
        lock (_kubelets)
        {
            foreach (var k in _kubelets)
            {
                if (k.Run(uid) is { } run && File.Exists(run.LogPath))
                {
                    using var stream = new FileStream(run.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    using var reader = new StreamReader(stream);
                    return reader.ReadToEnd();
                }
            }
        }

        return "";
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it after every change to the cluster (and every
    /// 200 ms for what changes outside it); fails with <paramref name="what"/> after <paramref name="timeout"/>.
    /// </summary>
    public Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitUntilAsync(condition, timeout, () => what);

    /// <summary>As <see cref="WaitUntilAsync(Func{bool}, TimeSpan, string)"/>, describing the wait (with the state it ends in) only when it times out.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(what);
        using var changed = new SemaphoreSlim(0);
        void OnChange() => changed.Release();
        Store.Changed += OnChange;
        try
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!condition())
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what()}");
                await changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
            }
        }
        finally
        {
            Store.Changed -= OnChange;
        }
    }

    private async Task ControlLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(200), stop).ConfigureAwait(false);
                while (_wake.CurrentCount > 0) await _wake.WaitAsync(stop).ConfigureAwait(false);
                _gc.Reconcile();
                await _workloads.ReconcileAsync(stop).ConfigureAwait(false);
                _scheduler.Reconcile();
                NodeAgent[] kubelets;
                lock (_kubelets) kubelets = [.. _kubelets];
                foreach (var k in kubelets) k.Reconcile();
                _endpoints.Reconcile();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                lock (_errors) _errors.Add(e.ToString());
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        NodeAgent[] kubelets;
        lock (_kubelets) kubelets = [.. _kubelets];
        foreach (var k in kubelets) await k.DisposeAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        Admission.Dispose();
        _stop.Dispose();
        _wake.Dispose();
        try
        {
            if (Directory.Exists(_options.Kubelet.WorkDirectory)) Directory.Delete(_options.Kubelet.WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
