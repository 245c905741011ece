using System.Globalization;
using Faaswise.Kubernetes.Testing.Controllers;
using Faaswise.Kubernetes.Testing.Store;
using Faaswise.Qshuf.Policies;
using Faaswise.Simulation.Kpi;
using Faaswise.Testing;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>
/// <c>faaswise experiment run --target kubernetes</c> as a user runs it against a cluster where the controller runs
/// QShuf: two functions, two seeds of Poisson arrivals (ES1's 20 s stagger between functions would double the test's
/// length for nothing the target does differently), each run reset to the controller's initial deployment on fresh runtimes.
/// </summary>
public sealed class ExperimentOnClusterTests
{
    private static readonly string[] Functions = ["bert", "labse"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>The test cluster's nodes and GPUs with two small functions whose pods serve a tiny model.</summary>
    private const string World = """
        name: experiment-test
        nodes:
          - name: node-a
            cpu_cores: 8
            host_memory_gb: 64
            gpus:
              - { uuid: GPU-aaaa-0001, product: L4-24GB, memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }
          - name: node-b
            cpu_cores: 8
            host_memory_gb: 64
            gpus:
              - { uuid: GPU-bbbb-0001, product: L4-24GB, memory_gb: 24, h2d_gbps: 5.7, d2h_gbps: 2.1 }
        models:
          - { name: bert,  size_gb: 0.4, latency_ms: { cuda: 20, cpu: 60 } }
          - { name: labse, size_gb: 0.5, latency_ms: { cuda: 20, cpu: 60 } }
        functions:
          - { name: bert,  model: bert,  slo_ms: 1000, timeout_s: 5, min_replicas: 1, max_replicas: 3 }
          - { name: labse, model: labse, slo_ms: 1000, timeout_s: 5, min_replicas: 1, max_replicas: 3 }
        """;

    [Fact]
    public async Task TwoSeeds_EachRunResetToTheControllersDeployment_EveryRequestAnswered_SummaryAsSimulated_AndAnotherPolicyRefused()
    {
        await using var f = await ControllerFixture.StartAsync(PolicyCatalog.Create("qshuf")!.Placement, World, Functions, replicas: 1);
        var leader = await f.StartControllerAsync("controller-0", () => PolicyCatalog.Create("qshuf")!);
        Assert.Same(leader, await f.LeaderAsync(Patience));
        var world = Path.Combine(f.Hook.Directory, "world.yaml");
        await File.WriteAllTextAsync(world, World);
        var kubeconfig = f.Hook.Cluster.WriteKubeconfig(f.Hook.Directory);
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "kube");
        // A pod of the first deployment, which the reset must replace with fresh ones.
        await f.Hook.Cluster.WaitUntilAsync(() => Functions.All(fn => f.Hook.Pods(fn).Any(p => PodFacts.Ready(p))), Patience, () => "the functions serving; " + f.Tail());
        var before = f.Hook.Pods().Select(Metadata.Name).ToHashSet();
        // Prometheus scrapes the router as it scrapes the OpenFaaS gateway.
        using var prometheus = await PrometheusServer.StartAsync(leader.Host.Endpoint.ToString());

        var (code, text) = await FaaswiseProcess.RunAsync(TimeSpan.FromMinutes(6), "experiment", "run", "--target", "kubernetes", "--kubeconfig", kubeconfig,
            "--gateway", leader.Router.ToString(), "--cluster", world, "--workload", "poisson:bert=4,labse=2", "--seeds", "1,2", "--duration", "8s",
            "--policy", "qshuf", "--rest", "1s", "--prometheus", prometheus.Address.ToString(), "--out", output);

        Assert.True(code == 0, text + "\n" + f.Tail());
        Assert.DoesNotContain(f.Hook.Pods(), p => before.Contains(Metadata.Name(p)));
        Assert.All(f.Hook.Cluster.Store.List(ResourceType.Find("apps", "v1", "deployments")!, "openfaas-fn").Items, d =>
        {
            Assert.Equal("qshuf", Metadata.Annotations(d).GetValueOrDefault(PodLabels.Deployed));
            Assert.False(Metadata.Annotations(d).ContainsKey(PodLabels.Paused));
        });
        var rows = SummaryCsv.ReadRows(Path.Combine(output, "summary.csv"));
        var all = rows.Where(r => r.Function == "ALL" && r.Seed != "mean").ToList();
        Assert.Equal(["1", "2"], all.Select(r => r.Seed).Order(StringComparer.Ordinal));
        foreach (var run in Directory.GetDirectories(Path.Combine(output, "runs", "qshuf")))
        {
            var workload = Simulation.Workloads.WorkloadFiles.Read(Path.Combine(output, "workloads", Path.GetFileName(run)));
            var requests = File.ReadLines(Path.Combine(run, "requests.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            // Nothing lost: each request played ended with an answer, served or refused with a status.
            Assert.Equal(workload.Requests, requests.Count);
            // Played only once the plan's ready replicas are ready: QShuf keeps one ready, so the router never lacks one.
            Assert.DoesNotContain(requests, r => r[3] == "503");
            Assert.Equal(workload.Requests, SummaryCsv.ReadRows(Path.Combine(run, "summary.csv")).Single(r => r.Function == "ALL").Requests);
            // The gateway's counters in Prometheus (end minus start) agree with the client, function by function.
            var counted = File.ReadLines(Path.Combine(run, "prometheus.csv")).Skip(1).Where(l => l.StartsWith("gateway_invocations,", StringComparison.Ordinal))
                .Select(l => l.Split(',')).GroupBy(r => r[1].Split(' ').Single(l => l.StartsWith("function_name=", StringComparison.Ordinal))["function_name=".Length..])
                .ToDictionary(g => g.Key, g => g.Sum(r => double.Parse(r[2], CultureInfo.InvariantCulture)));
            foreach (var fn in workload.Functions.Where(w => w.Offsets.Count > 0).Select(w => w.Function))
                Assert.Equal(requests.Count(r => r[4] == fn), counted.GetValueOrDefault(fn + ".openfaas-fn"));
            var gpus = File.ReadLines(Path.Combine(run, "gpus.csv")).Skip(1).ToList();
            Assert.NotEmpty(gpus);
            Assert.Contains(File.ReadLines(Path.Combine(run, "functions.csv")).Skip(1), l => l.Split(',').Skip(2).Any(v => double.TryParse(v, CultureInfo.InvariantCulture, out var x) && x > 0));
        }

        var manifest = await File.ReadAllTextAsync(Path.Combine(output, "manifest.json"));
        Assert.Contains("\"target\": \"kubernetes\"", manifest, StringComparison.Ordinal);
        Assert.Contains("\"server_version\": \"v1.33.0-faaswise\"", manifest, StringComparison.Ordinal);
        Assert.Contains("faaswise_runtime_busy_seconds_total", manifest, StringComparison.Ordinal);
        Assert.Contains("sum by (function_name, code) (gateway_function_invocation_total", manifest, StringComparison.Ordinal);

        var (other, otherText) = await FaaswiseProcess.RunAsync(TimeSpan.FromMinutes(4), "experiment", "run", "--target", "kubernetes", "--kubeconfig", kubeconfig,
            "--gateway", leader.Router.ToString(), "--cluster", world, "--workload", "poisson:bert=1", "--duration", "4s",
            "--policy", "pinned", "--out", Path.Combine(dir.Path, "pinned"));
        Assert.Equal(1, other);
        Assert.Contains("the controller runs policy qshuf, not pinned", otherText, StringComparison.Ordinal);
        // Poisson at 4 and 2 requests/s is far below one replica's capacity: the controller promoted no reserve, not
        // even while an initial deployment came up (it leaves a function alone until its deployment is up).
        Assert.DoesNotContain(leader.Outcomes, o => o.Kind == "ready" && o.Refusal is null);
        Assert.Empty(f.Hook.Cluster.ControllerErrors);
    }
}
