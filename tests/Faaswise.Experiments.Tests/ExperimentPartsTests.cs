using Faaswise.Experiments.Gap;
using Faaswise.Experiments.Local;
using Faaswise.Experiments.Runs;
using Faaswise.Kubernetes.Control;
using Faaswise.Load.Engine;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Kpi;
using Faaswise.Testing;

namespace Faaswise.Experiments.Tests;

public sealed class ExperimentPartsTests
{
    private static readonly ClusterWorld Local = Catalogues.Cluster("local");

    [Fact]
    public async Task The_runtime_counters_a_kubernetes_run_sums_are_read_from_prometheus_nets_own_text_by_series()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var moves = factory.CreateHistogram("faaswise_runtime_move_seconds", "moves", new Prometheus.HistogramConfiguration { LabelNames = ["direction"], Buckets = [0.1, 1] });
        moves.WithLabels("to_gpu").Observe(0.25);
        moves.WithLabels("to_gpu").Observe(0.5);
        moves.WithLabels("to_host").Observe(2);
        factory.CreateCounter("faaswise_runtime_busy_seconds_total", "busy", "device").WithLabels("cuda").Inc(1.5);
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);

        var samples = Kube.MetricsText.Read(System.Text.Encoding.UTF8.GetString(text.ToArray()) + "\nmalformed\nwith_time{a=\"b c\"} 7 1700000000000\n");

        Assert.Equal(2, samples["faaswise_runtime_move_seconds_count{direction=\"to_gpu\"}"]);
        Assert.Equal(0.75, samples["faaswise_runtime_move_seconds_sum{direction=\"to_gpu\"}"], 9);
        Assert.Equal(1, samples["faaswise_runtime_move_seconds_count{direction=\"to_host\"}"]);
        Assert.Equal(1.5, samples["faaswise_runtime_busy_seconds_total{device=\"cuda\"}"], 9);
        Assert.Equal(7, samples["with_time{a=\"b c\"}"]);
        Assert.DoesNotContain(samples.Keys, k => k.StartsWith("malformed", StringComparison.Ordinal) || k.StartsWith('#'));
    }

    [Fact]
    public void A_process_pod_reads_back_as_the_replica_it_stands_for_through_the_controllers_pod_reader()
    {
        var pod = new ProcessPod("synth-256mb-3", "synth-256mb", "local", "GPU-emulated-0", "intent-1", 2, reserve: true, onGpu: false, created: 1_000) { DataPort = 4321 };
        var starting = FunctionPod.Read(Local, pod.ToJson())!;
        Assert.Equal((ReplicaPhase.Starting, 0, 2, true, false, "intent-1"), (starting.Replica.Phase, starting.Replica.Gpu, starting.Replica.Slot, starting.Replica.Reserve, starting.Replica.Ready, starting.Intent));

        pod.Running();
        pod.Probed(ready: true, now: 1_002);
        pod.Device(gpu: true);
        pod.Annotate("faaswise.io/note", "x");
        var running = FunctionPod.Read(Local, pod.ToJson())!;
        Assert.Equal((ReplicaPhase.Running, Residency.Gpu, true, 4321, "127.0.0.1"), (running.Replica.Phase, running.Replica.Residency, running.Replica.Ready, running.DataPort, running.Ip));
        Assert.Equal("x", running.Replica.Annotations["faaswise.io/note"]);
        Assert.Equal(1_002, running.Replica.ReadySince, 3);

        pod.Delete();
        var draining = FunctionPod.Read(Local, pod.ToJson())!;
        Assert.Equal((ReplicaPhase.Draining, false), (draining.Replica.Phase, draining.Replica.Ready));
        Assert.False(pod.Probed(ready: true, now: 1_003));
    }

    [Theory]
    [InlineData(200, null, false, RequestStatus.Ok)]
    [InlineData(499, null, false, RequestStatus.EarlyDrop)]
    [InlineData(408, null, false, RequestStatus.Timeout)]
    [InlineData(503, null, false, RequestStatus.Refused)]
    [InlineData(0, "timeout after 7s", false, RequestStatus.Timeout)]
    [InlineData(0, "socket: connection reset by peer", false, RequestStatus.Crashed)]
    [InlineData(0, RequestResult.DroppedError, true, 0)]
    public void The_clients_answers_get_the_simulators_statuses(int code, string? error, bool dropped, int expected) =>
        Assert.Equal(expected, RequestRecords.Status(new RequestResult(0, 0, 0, 0, 0, code, 0, 0, error, dropped)));

    [Fact]
    public void The_gap_pairs_runs_by_seed_or_else_the_simulated_mean_and_says_when_policies_rank_differently()
    {
        SummaryRow Row(string policy, string seed, double slo, double p99) =>
            new(policy, "none", "es1", 4, seed, "ALL", 100, 90, 90, slo, 1, 10, 20, 30, p99, p99, p99, 12, 0, 0, 0, 0, 50, 0.3, 1, 0.1, 0, 0, 0, 60, 30, 60);
        var live = new[] { Row("pinned", "1", 80, 100), Row("qshuf", "1", 70, 200), Row("faaswise", "1", 60, 300) };
        var sim = new[] { Row("pinned", "1", 82, 110), Row("qshuf", "mean", 85, 180), Row("qshuf", "2", 10, 10) };
        var gap = SimToRealGap.Of(live, sim);

        Assert.Equal(2 * SimToRealGap.Kpis.Count, gap.Rows.Count);
        var pinned = gap.Rows.Single(r => r.Policy == "pinned" && r.Kpi == "slo_attainment_pct");
        Assert.Equal((2.0, true), (pinned.Gap, pinned.WithinTarget));
        var p99 = gap.Rows.Single(r => r.Policy == "pinned" && r.Kpi == "p99_ms");
        Assert.Equal((0.1, true), (Math.Round(p99.Relative, 6), p99.WithinTarget));
        var qshuf = gap.Rows.Single(r => r.Policy == "qshuf" && r.Kpi == "slo_attainment_pct");
        Assert.Equal((85.0, false), (qshuf.Simulated, qshuf.WithinTarget));
        var ranking = Assert.Single(gap.Rankings);
        Assert.Equal(("pinned > qshuf", "qshuf > pinned"), (ranking.LiveOrder, ranking.SimulatedOrder));
        Assert.Contains("ranked differently", gap.Table(), StringComparison.Ordinal);
        Assert.EndsWith(",no\n", gap.RankingCsv(), StringComparison.Ordinal);
        Assert.Equal(gap.Rows.Count + 1, gap.Csv().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Calibration_fits_inference_moves_and_cold_starts_from_the_logs_and_writes_a_cluster_file_the_simulator_reads()
    {
        using var temp = new TempDirectory();
        var run = Path.Combine(temp.Path, "runs", "qshuf", "es1-cv1-seed1");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "service.csv"), LiveLog.ServiceHeader + "\n1.0,resnet18,cuda,0.050,0\n2.0,resnet18,cuda,0.070,0.01\n3.0,resnet18,cpu,0.2,0\n");
        File.WriteAllText(Path.Combine(run, "moves.csv"), LiveLog.MoveHeader + "\n4.0,synth-256mb-2,synth-256mb,0,to_gpu,0.3,0,256000000\n5.0,synth-256mb-2,synth-256mb,0,to_host,0.6,0.01,256000000\n");
        File.WriteAllText(Path.Combine(run, "starts.csv"), LiveLog.StartHeader + "\n0.5,resnet18-1,resnet18,0,0,deploy,2.0\n0.9,synth-256mb-2,synth-256mb,0,1,deploy,2.5\n");

        var fit = Calibration.Fit(Local, temp.Path);
        var resnet = fit.Models.Single(m => m.Model == "resnet18");
        Assert.Equal((0.06, 2, 0.2, 2.0), (Math.Round(resnet.CudaSeconds!.Value, 9), resnet.CudaSamples, resnet.CpuSeconds, resnet.ColdStartSeconds));
        Assert.Equal(Math.Sqrt(0.0002) / 0.06, resnet.CudaCv!.Value, 9);
        var synth = fit.Models.Single(m => m.Model == "synth-256mb");
        Assert.Equal((0.3, 0.6, 2.2), (synth.LoadSeconds, synth.OffloadSeconds, Math.Round(synth.ColdStartSeconds!.Value, 9)));
        Assert.Null(synth.CudaSeconds);

        var world = Catalogues.Parse(fit.Yaml());
        Assert.Equal(0.06, world.Models[0].CudaSeconds, 9);
        Assert.Equal(Local.Models[1].CudaSeconds, world.Models[1].CudaSeconds, 9);
        Assert.Equal((0.3, 0.6), (world.Models[1].LoadSeconds, world.Models[1].OffloadSeconds));
        Assert.Equal(Local.Models.Select(m => (m.Serve, m.WeightBytes)), world.Models.Select(m => (m.Serve, m.WeightBytes)));
        Assert.Equal(Local.Gpus.Single(), world.Gpus.Single());
        Assert.StartsWith("lognormal:cv=", fit.Service, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_of_a_directory_without_live_logs_says_what_it_reads()
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<ExperimentException>(() => Calibration.Fit(Local, temp.Path));
        Assert.Contains("service.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rerun_into_a_directory_of_another_experiment_is_refused()
    {
        using var temp = new TempDirectory();
        var workload = Simulation.Workloads.WorkloadGenerators.Es1(1, 10, 1, [("resnet18", 0.1)]);
        ExperimentSpec Spec(string policy) => new(ExperimentTarget.Simulator, Local, "local", [policy], ["none"], [workload], temp.Path);
        ExperimentManifest.Of(Spec("pinned"), "test").WriteOrCheck(temp.Path);
        ExperimentManifest.Of(Spec("pinned"), "test").WriteOrCheck(temp.Path);
        Assert.Equal(15, ExperimentManifest.TryRead(temp.Path)?.IrateScrapeSeconds);
        var e = Assert.Throws<ExperimentException>(() => ExperimentManifest.Of(Spec("qshuf"), "test").WriteOrCheck(temp.Path));
        Assert.Contains("another experiment", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_reads_back_row_for_row()
    {
        using var temp = new TempDirectory();
        var row = new SummaryRow("qshuf", "slo", "es1", 0.1, "mean", "ALL", 10, 9, 90, 80.5, 1.25, 10, 20, 30, 40.125, 50, 60, 15, 1, 2, 3, 4, 55.5, 0.32, 3, 0.9, 2, 1.2, 1, 120, 60, 61.5, 1.5, 2.5, 3.5);
        var path = temp.Write("summary.csv", SummaryCsv.Format([row, row with { Seed = "1", SloAttainmentCi95 = null, GoodputCi95 = null, P99Ci95 = null, Cv = null }]));
        var read = SummaryCsv.ReadRows(path);
        Assert.Equal(row, read[0]);
        Assert.Equal(row with { Seed = "1", SloAttainmentCi95 = null, GoodputCi95 = null, P99Ci95 = null, Cv = null }, read[1]);
    }

    [Fact]
    public void A_move_is_logged_only_when_something_moved()
    {
        Assert.Equal(new MoveAnswer(0.25, 0.01, 1000), MoveAnswer.Read("{\"result\":\"Model moved to CUDA in 0.250s\",\"moved\":true,\"seconds\":0.25,\"waited_seconds\":0.01,\"bytes\":1000}"));
        Assert.Null(MoveAnswer.Read("{\"result\":\"Model moved to CUDA in 0.000s\",\"moved\":false,\"seconds\":0,\"waited_seconds\":0.05,\"bytes\":0}"));
        Assert.Null(MoveAnswer.Read("not json"));
    }

    [Fact]
    public async Task A_start_beyond_the_nodes_cpu_cores_is_refused_as_the_simulator_refuses_it()
    {
        using var temp = new TempDirectory();
        var cluster = new LiveCluster(Local, TimeProvider.System);
        var launch = new RuntimeLaunch(["/bin/sh", "-c", "sleep 60", "--"], Local, ["resnet18", "resnet18"], Path.Combine(temp.Path, "ledgers"), Path.Combine(temp.Path, "replicas"));
        await using var pods = new ProcessPods(cluster, launch);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(pods.CpuShortfall(i % 2, 0));
            pods.Launch(i % 2, 0, onGpu: false, ready: true, reserve: false, slot: -1, intent: null);
        }

        Assert.Null(pods.CpuShortfall(0, 0));
        pods.Launch(0, 0, onGpu: false, ready: true, reserve: false, slot: -1, intent: null);
        Assert.Equal("node local lacks CPU", pods.CpuShortfall(1, 0));
        var refused = await new ProcessActions(pods, TextWriter.Null).StartAsync("synth-256mb", new PlacementIntent("i", "GPU-emulated-0", true, true, false, -1, "test", 0, 1), new HashSet<string>(), CancellationToken.None);
        Assert.Equal("node local lacks CPU", refused.Refusal);
        Assert.Equal(4, pods.All.Count);
    }
}
