using System.Globalization;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Testing.Controllers;
using Faaswise.Kubernetes.Testing.Store;
using Faaswise.Kubernetes.Tests.Webhook;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Policies;
using Faaswise.Testing;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>
/// QShuf end to end on the test cluster: three functions on 2 nodes and 3 GPUs, pods running real runtimes on
/// emulated GPUs, placed by the webhook, bound by our scheduler, scaled by QShuf's autoscaler through the leader's
/// router, with the leader killed mid-run.
/// </summary>
public sealed class QshufOnClusterTests
{
    private static readonly string[] Functions = ["bert", "labse", "resnet-18"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Es1TraceAndABurst_ReservesPromotedThenDemoted_LeaderKilledStandbyContinues_NoRequestLost()
    {
        await using var f = await ControllerFixture.StartAsync(PolicyCatalog.Create("qshuf")!.Placement, Reviews.WorldYaml, Functions, replicas: 1);
        var a = await f.StartControllerAsync("controller-a", () => PolicyCatalog.Create("qshuf")!);
        Assert.Same(a, await f.LeaderAsync(Patience));
        var b = await f.StartControllerAsync("controller-b", () => PolicyCatalog.Create("qshuf")!);

        // The initial deployment: QShuf's plan gives each function an active pod and a warm reserve.
        await f.Hook.Cluster.WaitUntilAsync(() => Functions.All(fn => Serving(f, fn).Count == 1 && Reserves(f, fn).Count >= 1), Patience, () => "an active pod and a reserve per function; " + f.Tail());
        Assert.False(b.Controller.Leading);
        var reserve = Reserves(f, "bert")[0];
        // Its model waits in host memory, unless the scaler promoted it (and loaded it) while the active pod was still starting on a slow machine.
        Assert.True(Label(reserve, PodLabels.InferDevice) == "cpu" || Applied(a, "load", "bert").Any(o => o.Replica == Metadata.Name(reserve)), f.Tail());
        Assert.NotNull(Metadata.Annotations(reserve).GetValueOrDefault(PodLabels.Intent));

        // A short ES1 trace of the three functions, played by faaswise attack through the leader's router, and a burst of bert.
        using var dir = new TempDirectory();
        var (generated, generateOutput) = await FaaswiseProcess.RunAsync(TimeSpan.FromSeconds(60), "workload", "generate", "--kind", "es1", "--cv", "4", "--duration", "6s", "--seed", "7", "--out", dir.Path);
        Assert.True(generated == 0, generateOutput);
        var attacks = Functions.Select(fn => Attack(a, fn, dir.Path, "--arrival", $"trace:{Path.Combine(dir.Path, fn + "-dist.txt")}"))
            .Append(Attack(a, "bert", dir.Path, "--rate", "250", "--duration", "8s", "--log-name", "burst")).ToList();
        foreach (var attack in await Task.WhenAll(attacks)) Assert.True(attack.Code == 0, attack.Output);

        // The burst promoted bert's reserve (/toready, then /tocuda: its model was in host memory).
        await f.Hook.Cluster.WaitUntilAsync(() => Applied(a, "ready", "bert").Any() && Applied(a, "load", "bert").Any(), Patience, () => "bert's reserve promoted; " + f.Tail());
        var promoted = Applied(a, "ready", "bert").First().Replica;
        Assert.Contains("promoted", Applied(a, "ready", "bert").First().Reason, StringComparison.Ordinal);
        await f.Hook.Cluster.WaitUntilAsync(() => f.Hook.Pods("bert").Any(p => Metadata.Name(p) == promoted && PodFacts.Ready(p) && Label(p, PodLabels.InferDevice) == "cuda"), Patience, () => "the promoted pod ready on the GPU; " + f.Tail());

        // The leader dies; the standby takes the Lease and continues from what the cluster shows.
        await ControllerFixture.KillAsync(a);
        Assert.Same(b, await f.LeaderAsync(Patience));

        // A controller started now rebuilds the view the standby kept all along.
        var c = await f.StartControllerAsync("controller-c", () => PolicyCatalog.Create("qshuf")!);
        await f.Hook.Cluster.WaitUntilAsync(() => View(c) == View(b), Patience, () => $"the same view:\n{View(c)}\nvs\n{View(b)}");
        Assert.Contains(promoted, View(b), StringComparison.Ordinal);

        // The new leader routes, and once bert is quiet it demotes the promoted reserve (QShuf keeps its model on the GPU).
        var after = await Attack(b, "bert", dir.Path, "--rate", "5", "--duration", "3s", "--log-name", "after");
        Assert.True(after.Code == 0, after.Output);
        await f.Hook.Cluster.WaitUntilAsync(() => Applied(b, "notready", "bert").Any(), Patience, () => "bert demoted by the new leader; " + f.Tail());
        Assert.Contains("demoted", Applied(b, "notready", "bert").First().Reason, StringComparison.Ordinal);

        // Nothing lost: every request sent has an HTTP status, served (200) or refused with one.
        var rows = Directory.GetFiles(dir.Path, "*.csv").SelectMany(file => File.ReadLines(file).Skip(1)).Select(line => line.Split(',')).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(int.Parse(r[3], CultureInfo.InvariantCulture) > 0, string.Join(',', r)));
        Assert.True(rows.Count(r => r[3] == "200") > rows.Count / 2, $"{rows.Count(r => r[3] == "200")} of {rows.Count} served");

        // Every pod was bound by our scheduler, with its Scheduled event; every decision left an Event.
        List<JsonObject> Events() => f.Hook.Cluster.Store.List(ResourceType.Find("events.k8s.io", "v1", "events")!, "openfaas-fn").Items.ToList();
        bool Scheduled(JsonObject pod) => Events().Any(e => e["reason"]?.GetValue<string>() == "Scheduled" && e["regarding"]?["name"]?.GetValue<string>() == Metadata.Name(pod));
        await f.Hook.Cluster.WaitUntilAsync(() => f.Hook.Pods().All(p => PodFacts.Node(p) is not null && Scheduled(p)), Patience, () => "every pod bound, with its Scheduled event; " + f.Tail());
        Assert.All(f.Hook.Pods(), p => Assert.Equal(ControllerFixture.Scheduler, p["spec"]!["schedulerName"]!.GetValue<string>()));

        // A decision's Event is written after its outcome is recorded: wait for it rather than read the list once.
        bool Reported(string reason, string? pod) => Events().Any(e => e["reason"]?.GetValue<string>() == reason && (pod is null || e["regarding"]?["name"]?.GetValue<string>() == pod));
        await f.Hook.Cluster.WaitUntilAsync(() => Reported("Promoted", promoted) && Reported("Demoted", null), Patience, () => "Promoted and Demoted events; " + f.Tail());
        Assert.Equal((1, 1), (a.Controller.Terms, b.Controller.Terms));
        Assert.Empty(f.Hook.Cluster.ControllerErrors);
    }

    private static List<JsonObject> Serving(ControllerFixture f, string function) =>
        f.Hook.Pods(function).Where(p => PodFacts.Ready(p) && Label(p, PodLabels.Reserve) == "False").ToList();

    private static List<JsonObject> Reserves(ControllerFixture f, string function) =>
        f.Hook.Pods(function).Where(p => PodFacts.Phase(p) == "Running" && !PodFacts.Ready(p) && Label(p, PodLabels.Reserve) == "True").ToList();

    private static string? Label(JsonObject pod, string key) => Metadata.Labels(pod).GetValueOrDefault(key);

    private static IEnumerable<DecisionOutcome> Applied(ControllerFixture.Member m, string kind, string function) =>
        m.Outcomes.Where(o => o.Kind == kind && o.Refusal is null && m.Controller.Cluster.World.Functions[o.Function].Name == function);

    /// <summary>The replicas a controller sees, one line each, in a stable order.</summary>
    private static string View(ControllerFixture.Member m)
    {
        var snapshot = m.Controller.Cluster.Snapshot();
        return string.Join("\n", Enumerable.Range(0, snapshot.World.Functions.Count).SelectMany(snapshot.ReplicasOf)
            .Where(r => !r.Id.StartsWith("intent:", StringComparison.Ordinal))
            .Select(r => $"{r.Id} f{r.Function} gpu{r.Gpu} {r.Phase} {r.Residency} ready={r.Ready} reserve={r.Reserve} slot={r.Slot}").Order(StringComparer.Ordinal));
    }

    private static Task<(int Code, string Output)> Attack(ControllerFixture.Member m, string function, string dir, params string[] args)
    {
        var name = args.SkipWhile(a => a != "--log-name").Skip(1).FirstOrDefault() ?? function;
        var rest = args.TakeWhile(a => a != "--log-name").ToArray();
        return FaaswiseProcess.RunAsync(TimeSpan.FromSeconds(120), ["attack", "--url", new Uri(m.Router, $"function/{function}").ToString(), "--timeout", "10s", "-q",
            "--log", Path.Combine(dir, $"{name}-{function}-{m.Identity}.csv"), .. rest]);
    }
}
