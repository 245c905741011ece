using System.Diagnostics;
using Faaswise.Experiments.Local;
using Faaswise.Kubernetes.Control;
using Faaswise.Qshuf.Contract;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Faaswise.Runtime.Models;
using Faaswise.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faaswise.Experiments.Tests;

/// <summary>
/// The policy core's cluster contract on the local live implementation: the applier Kubernetes uses, applying a
/// script's decisions to runtime processes on an emulated GPU. A step runs once the effects of the one before are
/// observed (no replica starting, draining, moving or with readiness pending; nothing queued in the applier).
/// </summary>
public sealed class LocalContractTests : ClusterContract
{
    protected override ContractRun Run(IReadOnlyList<Action<IClusterSnapshot, DecisionList>> steps) => RunAsync(steps).GetAwaiter().GetResult();

    private static async Task<ContractRun> RunAsync(IReadOnlyList<Action<IClusterSnapshot, DecisionList>> steps)
    {
        using var temp = new TempDirectory();
        var tiny = Path.Combine(temp.Path, "tiny.onnx");
        SyntheticModel.For(64 * 1024, null).Write(tiny);
        var cluster = new LiveCluster(World, TimeProvider.System);
        var launch = new RuntimeLaunch(Faaswise(), World, World.Functions.Select(_ => tiny).ToArray(), Path.Combine(temp.Path, "ledgers"), Path.Combine(temp.Path, "replicas"));
        await using var events = new StringWriter();
        await using var pods = new ProcessPods(cluster, launch);
        var applier = new DecisionApplier(cluster, new ProcessActions(pods, events), new ApplierOptions(), NullLogger.Instance);
        var outcomes = new List<DecisionOutcome>();
        applier.Applied += o =>
        {
            lock (outcomes) outcomes.Add(o);
        };
        using var stop = new CancellationTokenSource();
        var applying = applier.RunAsync(stop.Token);
        var seen = new List<ClusterSnapshot>();
        var deadline = Stopwatch.StartNew();
        foreach (var step in steps)
        {
            ClusterSnapshot snapshot;
            while (applier.Pending > 0 || !Settled(snapshot = cluster.Snapshot()))
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), "the cluster did not settle; replicas: " + Describe(cluster.Snapshot()) + "; " + Logs(temp.Path));
                await Task.Delay(50);
            }

            seen.Add(ClusterSnapshot.Freeze(snapshot));
            var decisions = new DecisionList();
            step(snapshot, decisions);
            applier.Submit(decisions, "control");
        }

        await stop.CancelAsync();
        await applying;
        List<DecisionOutcome> applied;
        lock (outcomes) applied = [.. outcomes];
        var byIntent = pods.All.ToDictionary(p => p.Intent ?? p.Name, p => p.Name);
        return new ContractRun(seen, applied.Select(o => (o.Kind, Replica: o.Replica.StartsWith("intent:", StringComparison.Ordinal) ? byIntent.GetValueOrDefault(o.Replica["intent:".Length..], o.Replica) : o.Replica, o.Refusal)).ToArray());
    }

    internal static IReadOnlyList<string> Faaswise() =>
        [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", Path.Combine(AppContext.BaseDirectory, "faaswise.dll")];

    private static bool Settled(ClusterSnapshot cluster) => Enumerable.Range(0, cluster.World.Functions.Count).SelectMany(cluster.ReplicasOf)
        .All(r => r.Phase == ReplicaPhase.Running && r.ReadyPending is null && r.Residency is not (Residency.Loading or Residency.Offloading));

    private static string Describe(ClusterSnapshot s) => string.Join("; ", Enumerable.Range(0, s.World.Functions.Count).SelectMany(s.ReplicasOf)
        .Select(r => $"{r.Id} {r.Phase} {r.Residency} ready={r.Ready} pending={r.ReadyPending}"));

    private static string Logs(string root) => string.Join("\n", Directory.Exists(Path.Combine(root, "replicas"))
        ? Directory.GetFiles(Path.Combine(root, "replicas"), "*.log").Select(f => Path.GetFileName(f) + ": " + File.ReadAllText(f)) : []);
}
