// The data path of `faaswise qshuf controller`'s router, alone: a live view holding one ready pod whose address is a
// running `faaswise runtime serve`, the policy's router (pinned: round robin over ready replicas) on a fresh snapshot
// per request, YARP's forwarder. Prints {"router": URL} and serves until stdin closes.
// Usage: RouterBench RUNTIME_IP RUNTIME_PORT
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Routing;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

var ip = args[0];
var port = int.Parse(args[1], CultureInfo.InvariantCulture);
var world = Catalogues.Parse("""
    name: bench
    catalogue: qshuf-es1
    nodes:
      - { name: node-a, cpu_cores: 8, host_memory_gb: 64, gpus: [{ uuid: GPU-aaaa-0001, memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }] }
    """);
var cluster = new LiveCluster(world, TimeProvider.System);
cluster.Observe(Pod("resnet-18-bench-1", ip, port));
var policy = PolicyCatalog.Create("pinned")!;
var gate = new Lock();
(RouteDecision, IReadOnlyList<Decision>) Route(IClusterSnapshot snapshot, int function)
{
    lock (gate)
    {
        var (route, side) = policy.Route(snapshot, function);
        return (route, side.Count == 0 ? [] : side.ToList());
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
builder.Services.AddHttpForwarder();
await using var app = builder.Build();
using var router = new FunctionRouter(cluster, Route, () => null, new ArrivalMeter(world.Functions.Count, TimeProvider.System), new RouterMetrics(),
    app.Services.GetRequiredService<IHttpForwarder>(), "openfaas-fn");
app.Map("/function/{**rest}", router.InvokeAsync);
await app.StartAsync();
Console.WriteLine(new JsonObject { ["router"] = app.Urls.First() }.ToJsonString());
await Console.In.ReadToEndAsync();
await app.StopAsync();

static JsonObject Pod(string name, string ip, int port) => JsonNode.Parse($$"""
    {
      "metadata": {
        "name": "{{name}}", "uid": "bench", "creationTimestamp": "2026-01-01T00:00:00Z",
        "labels": { "faas_function": "resnet-18", "infer_device": "cuda", "reserve": "False" },
        "annotations": { "faaswise.io/gpu": "GPU-aaaa-0001" }
      },
      "spec": { "nodeName": "node-a", "containers": [ { "name": "resnet-18", "ports": [ { "name": "http", "containerPort": {{port}} } ] } ] },
      "status": { "phase": "Running", "podIP": "{{ip}}", "conditions": [ { "type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:01Z" } ] }
    }
    """)!.AsObject();
