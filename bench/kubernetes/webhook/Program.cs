// Admission latency at a fixed rate: dry-run pod creations go to the test cluster's API server open-loop (each is
// sent at its scheduled time whatever the answers do), the API server calls the registered webhook over HTTPS with
// its caBundle check, as kube-apiserver does, and times each call. Two webhooks take turns on the same path:
// faaswise's (qshuf-mem placement over the world, pod informer running) and a do-nothing one that allows every pod
// unchanged (the floor of the path: TLS, JSON, Kestrel). Output: one JSON object per run on stdout.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Certificates;
using Faaswise.Kubernetes.Hosting;
using Faaswise.Kubernetes.Informers;
using Faaswise.Kubernetes.Manifests;
using Faaswise.Kubernetes.Testing;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

var rate = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
var dir = Directory.CreateTempSubdirectory("faaswise-webhook-bench-").FullName;
try
{
    await using var cluster = await TestCluster.StartAsync();
    cluster.AddNamespace("openfaas-fn");
    cluster.AddNamespace("faaswise");
    cluster.AddNode("node-a", 8, [("GPU-aaaa-0001", "L4-24GB", 24_576), ("GPU-aaaa-0002", "L4-24GB", 24_576)]);
    cluster.AddNode("node-b", 8, [("GPU-bbbb-0001", "L4-24GB", 24_576)]);
    WebhookCertificates.Write(dir, "faaswise-webhook", "faaswise", [], TimeSpan.FromDays(1));
    var world = Catalogues.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "world.yaml")));
    using var client = cluster.HttpsClient();
    var ledger = new PlacementLedger(world, TimeProvider.System, TimeSpan.FromSeconds(30));
    // As in production: a pod finding no intent in the cache makes the webhook read its Deployment (here one without intents).
    var intents = new IntentBook(DeploymentFetch.Of(client, "openfaas-fn"));
    await client.AppsV1.CreateNamespacedDeploymentAsync(new k8s.Models.V1Deployment
    {
        Metadata = new k8s.Models.V1ObjectMeta { Name = "resnet-50", Labels = new Dictionary<string, string> { ["faas_function"] = "resnet-50" } },
        Spec = new k8s.Models.V1DeploymentSpec
        {
            Replicas = 0,
            Selector = new k8s.Models.V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["faas_function"] = "resnet-50" } },
            Template = new k8s.Models.V1PodTemplateSpec
            {
                Metadata = new k8s.Models.V1ObjectMeta { Labels = new Dictionary<string, string> { ["faas_function"] = "resnet-50" } },
                Spec = new k8s.Models.V1PodSpec { Containers = [new k8s.Models.V1Container { Name = "resnet-50", Image = "ghcr.io/faaswise/resnet-50:latest" }] },
            },
        },
    }, "openfaas-fn");
    var handler = new AdmissionHandler(PolicyCatalog.Create("qshuf-mem")!.Placement, ledger, new WebhookOptions(), intents);
    using var certificate = new ReloadingCertificate(dir);
    await using var faaswise = await WebhookServer.StartAsync(handler, certificate, new IPEndPoint(IPAddress.Loopback, 0));
    await using var peer = await NoopWebhook.StartAsync(certificate);
    using var stop = new CancellationTokenSource();
    var informer = new Informer(InformerSource.Pods(client, "openfaas-fn", $"{PodLabels.OptIn}=true"), ledger.Reset, ledger.Observe, ledger.Forget);
    var deployments = new Informer(InformerSource.Deployments(client, "openfaas-fn"), intents.Reset, intents.Observe, intents.Forget);
    var informing = Task.WhenAll(informer.RunAsync(stop.Token), deployments.RunAsync(stop.Token));
    await Task.WhenAll(informer.Synced, deployments.Synced);
    var calls = new List<double>();
    var failed = 0;
    cluster.Admission.Called += (_, took, ok) =>
    {
        lock (calls)
        {
            calls.Add(took.TotalMilliseconds);
            if (!ok) failed++;
        }
    };
    using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 }) { BaseAddress = cluster.Server.HttpUrl };
    var pod = Encoding.UTF8.GetBytes(Pod().ToJsonString());
    for (var round = 0; round < rounds; round++)
    {
        foreach (var (name, endpoint) in round % 2 == 0 ? new[] { ("noop", peer.Endpoint), ("faaswise", faaswise.Endpoint) } : new[] { ("faaswise", faaswise.Endpoint), ("noop", peer.Endpoint) })
        {
            await Register(cluster, dir, endpoint);
            await Drive(api, pod, rate, 3);
            lock (calls)
            {
                calls.Clear();
                failed = 0;
            }

            var (sent, errors) = await Drive(api, pod, rate, seconds);
            double[] sorted;
            lock (calls) sorted = [.. calls.Order()];
            double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                webhook = name, round, rate, seconds, sent, errors, calls = sorted.Length, failedCalls = failed,
                p50_ms = P(0.50), p90_ms = P(0.90), p99_ms = P(0.99), max_ms = sorted.Length == 0 ? double.NaN : sorted[^1],
            }));
        }
    }

    await stop.CancelAsync();
    try
    {
        await informing;
    }
    catch (OperationCanceledException)
    {
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static async Task<(int Sent, int Errors)> Drive(HttpClient api, byte[] pod, double rate, double seconds)
{
    var total = (int)(rate * seconds);
    var errors = 0;
    var tasks = new List<Task>(total);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds(i / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        tasks.Add(Task.Run(async () =>
        {
            using var content = new ByteArrayContent(pod);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var answer = await api.PostAsync("/api/v1/namespaces/openfaas-fn/pods?dryRun=All", content);
            if (answer.StatusCode != HttpStatusCode.Created) Interlocked.Increment(ref errors);
        }));
    }

    await Task.WhenAll(tasks);
    return (total, errors);
}

static async Task Register(TestCluster cluster, string certs, IPEndPoint endpoint)
{
    using var client = cluster.Client();
    cluster.Expose("faaswise", "faaswise-webhook", 443, "https", endpoint);
    if (cluster.Store.Get(Faaswise.Kubernetes.Testing.Store.ResourceType.MutatingWebhooks, null, "faaswise-webhook") is null)
    {
        var objects = ManifestWriter.Objects(new ManifestOptions(), certs);
        await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync((k8s.Models.V1MutatingWebhookConfiguration)objects.Single(o => o is k8s.Models.V1MutatingWebhookConfiguration));
    }
}

static JsonObject Pod() => new()
{
    ["apiVersion"] = "v1",
    ["kind"] = "Pod",
    ["metadata"] = new JsonObject
    {
        ["generateName"] = "resnet-50-5d8f7c9b4-",
        ["labels"] = new JsonObject { ["faas_function"] = "resnet-50", ["faaswise.io/qshuf"] = "true", ["pod-template-hash"] = "5d8f7c9b4" },
    },
    ["spec"] = new JsonObject
    {
        ["containers"] = new JsonArray(new JsonObject
        {
            ["name"] = "resnet-50",
            ["image"] = "ghcr.io/faaswise/resnet-50:latest",
            ["env"] = new JsonArray(new JsonObject { ["name"] = "read_timeout", ["value"] = "5s" }),
            ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "4Gi" } },
        }),
    },
};

/// <summary>The peer: a webhook that allows every pod unchanged, on the same Kestrel HTTPS stack and certificate.</summary>
internal sealed class NoopWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NoopWebhook(WebApplication app) => _app = app;

    public IPEndPoint Endpoint { get; private set; } = null!;

    public static async Task<NoopWebhook> StartAsync(ReloadingCertificate certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(h => h.ServerCertificateSelector = (_, _) => certificate.Current)));
        var app = builder.Build();
        app.MapPost("/mutate", async context =>
        {
            var review = await JsonNode.ParseAsync(context.Request.Body);
            var answer = new JsonObject
            {
                ["apiVersion"] = "admission.k8s.io/v1",
                ["kind"] = "AdmissionReview",
                ["response"] = new JsonObject { ["uid"] = review?["request"]?["uid"]?.GetValue<string>(), ["allowed"] = true },
            };
            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes);
        });
        var noop = new NoopWebhook(app);
        await app.StartAsync();
        var url = new Uri(app.Urls.First());
        noop.Endpoint = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
        return noop;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
