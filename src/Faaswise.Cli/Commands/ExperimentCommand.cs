using System.CommandLine;
using System.Globalization;
using Faaswise.Experiments;
using Faaswise.Experiments.Gap;
using Faaswise.Experiments.Kube;
using Faaswise.Experiments.Local;
using Faaswise.Experiments.Runs;
using Faaswise.Metrics.Prometheus;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Microsoft.Extensions.Logging;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise experiment</c>: one workload played live and in the simulator, the gap between them, and calibration.</summary>
internal static class ExperimentCommand
{
    public static Command Create(CliConsole console) => new("experiment", "Play one workload live (runtime processes on emulated GPUs on this machine, or a Kubernetes cluster with the QShuf controller) and in the simulator with the same summary.csv, measure the sim-to-real gap and calibrate the simulator")
    {
        Run(console), Compare(console), Calibrate(console),
    };

    private static Command Run(CliConsole console)
    {
        var target = new Option<string>("--target") { Description = "local (runtime processes on this machine's emulated GPUs, behind a local gateway running the policy), kubernetes (a cluster where faaswise qshuf controller runs the policy) or simulator", DefaultValueFactory = _ => "local" };
        var cluster = new Option<string>("--cluster") { Description = "A cluster YAML file, or a shipped one by name: local (one emulated GPU, ResNet-18 and a synthetic model), default, memory-pressure", DefaultValueFactory = _ => "local" };
        var workload = new Option<string>("--workload") { Description = "es1 (ES1's gamma gaps over the cluster's functions, mean gap = each model's GPU latency), es1:CV, poisson:fn=rate,..., constant:fn=rate,..., a folder from faaswise workload generate, or an experiment's directory (its workloads again, arrival for arrival: how a simulated twin replays a live run)", DefaultValueFactory = _ => "es1" };
        var cv = new Option<string?>("--cv") { Description = "es1: the cv values, comma-separated (default 0.1,1,2,4,8)" };
        var load = new Option<double>("--load") { Description = "es1: arrival rates times this factor (scale ES1 to what the machine's CPUs serve)", DefaultValueFactory = _ => 1 };
        var policy = new Option<string>("--policy") { Description = "Policies, comma-separated: pinned, qshuf, lru-swap, faaswise", DefaultValueFactory = _ => "pinned,qshuf" };
        var admission = new Option<string>("--admission") { Description = "Admission rules, comma-separated: none, slo", DefaultValueFactory = _ => "none" };
        var duration = new Option<string>("--duration") { Description = "T of generated workloads (es1 arrivals run to at most 1.5 T)", DefaultValueFactory = _ => "60s" };
        var seed = new Option<int>("--seed") { Description = "Seed of generated workloads (and of the simulator's service draws)", DefaultValueFactory = _ => 1 };
        var seeds = new Option<string?>("--seeds") { Description = "Several seeds, each its own trace, every policy on the same traces: 1-3 or 1,2,5; summary.csv adds mean rows with 95 % intervals (overrides --seed)" };
        var service = new Option<string>("--service") { Description = "simulator: inference times around each model's latency: deterministic, exponential or lognormal:cv=X (experiment calibrate says which)", DefaultValueFactory = _ => "deterministic" };
        var irateScrape = new Option<string?>("--irate-scrape") { Description = "simulator: how often the Prometheus behind QShuf's irate scrapes [default: the replayed experiment's own (1s for local, whose router counts every second), else 15s]" };
        var threads = new Option<int>("--threads") { Description = "local: ONNX Runtime threads per replica", DefaultValueFactory = _ => 1 };
        var gpus = new Option<string>("--gpu")
        {
            Description = "local: the replicas' GPUs: emulated (the cluster file's GPUs, on the CPU) or cuda (this machine's CUDA devices, cuda:0,1 to choose; the cluster's GPU g runs on the g-th mod count; needs the GPU build, -p:OrtFlavor=gpu)",
            DefaultValueFactory = _ => "emulated",
        };
        var rest = new Option<string>("--rest") { Description = "local, kubernetes: pause between two runs", DefaultValueFactory = _ => "5s" };
        var targetUtilisation = new Option<string?>("--target-utilisation") { Description = "Target utilisation per replica of pinned and faaswise, as simulate takes it" };
        var output = new Option<string>("--out") { Description = "Directory for summary.csv, manifest.json and runs/POLICY/WORKLOAD-cvX-seedN/; rerun into it to resume an interrupted experiment", Required = true };
        var verbose = new Option<bool>("--verbose") { Description = "Log every applied decision on stderr" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubernetes: kubeconfig file [default: $KUBECONFIG, else ~/.kube/config]" };
        var fnNamespace = new Option<string>("--namespace") { Description = "kubernetes: the function namespace", DefaultValueFactory = _ => "openfaas-fn" };
        var gateway = new Option<string?>("--gateway") { Description = "kubernetes: where /function/NAME reaches the functions, the OpenFaaS gateway or the controller's router [default: $OPENFAAS_URL]" };
        var prometheusLogin = new PrometheusLogin();
        var prometheus = new Option<string?>("--prometheus") { Description = "kubernetes: also read each run's gateway, GPU (DCGM), node and pod metrics from this Prometheus into prometheus.csv (QShuf's collector queries, fixed)" };
        var direct = new Option<bool>("--direct") { Description = "kubernetes: read the runtimes at their pod IPs (from inside the cluster network) instead of through the API server's pod proxy" };
        var command = new Command("run", "Run every policy on every workload on one target; writes the simulator's summary.csv columns, per-request logs, decisions and time series")
        {
            target, cluster, workload, cv, load, policy, admission, duration, seed, seeds, service, irateScrape, threads, gpus, rest, targetUtilisation, output, verbose, kubeconfig, fnNamespace, gateway, direct, prometheus, prometheusLogin.User, prometheusLogin.PasswordFile, prometheusLogin.TokenFile,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var kind = parse.GetValue(target) switch
            {
                "local" => ExperimentTarget.Local,
                "simulator" => ExperimentTarget.Simulator,
                "kubernetes" => ExperimentTarget.Kubernetes,
                var other => throw new UsageException($"--target '{other}' is not local, kubernetes or simulator"),
            };
            if (kind != ExperimentTarget.Simulator && parse.GetValue(irateScrape) is not null) throw new UsageException("--irate-scrape sets the simulator's scrapes; live, QShuf reads the rates its controller measures");
            var clusterName = parse.GetValue(cluster)!;
            var world = SimulateCommand.LoadCluster(clusterName);
            var length = DurationOption.Parse("--duration", parse.GetValue(duration)).TotalSeconds;
            var factor = parse.GetValue(load) is var l && l > 0 && double.IsFinite(l) ? l : throw new UsageException($"--load {l.ToString(CultureInfo.InvariantCulture)} is not a positive factor");
            int[] seedList = parse.GetValue(seeds) is { } list ? SimulateCommand.SeedList(list) : [parse.GetValue(seed)];
            var workloads = seedList.SelectMany(s => Workloads(parse.GetValue(workload)!, parse.GetValue(cv), length, s, world, factor))
                .DistinctBy(Sweep.WorkloadLabel).ToArray();
            foreach (var name in workloads.SelectMany(w => w.Functions).Select(f => f.Function).Distinct())
            {
                if (world.FunctionIndex(name) < 0) throw new UsageException($"--workload: function '{name}' is not in the cluster file ({string.Join(", ", world.Functions.Select(f => f.Name))})");
            }

            var policies = SimulateCommand.Policies(parse.GetValue(policy)!).ToArray();
            if (policies.Contains(Bound.Name)) throw new UsageException("--policy bound is the simulator's upper bound, not a policy that runs live; compare against it with faaswise simulate");
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var distribution = ServiceDistribution.Parse(parse.GetValue(service)!) ?? throw new UsageException($"--service '{parse.GetValue(service)}' is not deterministic, exponential or lognormal:cv=X with X > 0");
            var threadCount = parse.GetValue(threads) is var t and >= 1 and <= 64 ? t : throw new UsageException($"--threads {parse.GetValue(threads)} is not between 1 and 64");
            var targets = SimulateCommand.Targets(parse.GetValue(targetUtilisation));
            LocalRunOptions? local = null;
            if (kind != ExperimentTarget.Local && parse.GetValue(gpus) != "emulated") throw new UsageException("--gpu chooses the GPUs of --target local; a cluster's GPUs are its own, the simulator's are the cluster file's");
            if (kind == ExperimentTarget.Local)
            {
                var cudaDevices = CudaDevices(parse.GetValue(gpus)!);
                var models = ServedModels.Resolve(world, Path.Combine(directory, "models"), line => console.Error.WriteLine(line));
                local = new LocalRunOptions(world, SelfCommand.Current(), models, threadCount, targets, cudaDevices);
            }

            var admissions = SimulateCommand.Admissions(parse.GetValue(admission)!);
            KubernetesRunOptions? kube = null;
            PrometheusClient? prometheusClient = null;
            if (kind == ExperimentTarget.Kubernetes)
            {
                if (policies.Length * admissions.Count > 1) throw new UsageException("--target kubernetes runs the one policy the controller runs: give one --policy and one --admission (restart the controller with another --policy for the next)");
                if (targets is { Count: > 0 }) throw new UsageException("--target-utilisation is the controller's to set on --target kubernetes");
                var url = parse.GetValue(gateway) ?? (Environment.GetEnvironmentVariable("OPENFAAS_URL") is { Length: > 0 } env ? env : null)
                    ?? throw new UsageException("--target kubernetes needs --gateway (or $OPENFAAS_URL): the OpenFaaS gateway or the controller's router");
                if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var gatewayUri) || gatewayUri.Scheme is not ("http" or "https"))
                    throw new UsageException($"--gateway '{url}' is not an http(s) URL");
                var config = KubeConfig.Load(false, parse.GetValue(kubeconfig), fallBack: true)!;
                var ns = parse.GetValue(fnNamespace)!;
                var prometheusUrl = UrlOption.Parse("--prometheus", parse.GetValue(prometheus));
                prometheusClient = prometheusUrl is null ? null : new PrometheusClient(prometheusLogin.For(parse, prometheusUrl));
                var client = new k8s.Kubernetes(config);
                string serverVersion;
                try
                {
                    serverVersion = (await k8s.VersionOperationsExtensions.GetCodeAsync(client.Version, cancellation).ConfigureAwait(false)).GitVersion;
                }
                catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or TaskCanceledException)
                {
                    throw new UsageException($"cannot reach the API server at {config.Host}: {e.Message}");
                }

                kube = new KubernetesRunOptions(world, client, config.Host, ns, gatewayUri, DirectControl: parse.GetValue(direct),
                    Prometheus: prometheusClient is null ? null : new PrometheusReadout(prometheusClient, ns), PrometheusAddress: prometheusUrl?.ToString(), ServerVersion: serverVersion);
            }

            var scrapeSeconds = parse.GetValue(irateScrape) is { } every ? DurationOption.Parse("--irate-scrape", every).TotalSeconds
                : ExperimentManifest.TryRead(parse.GetValue(workload)!)?.IrateScrapeSeconds ?? new SimulationOptions().IrateScrapeSeconds;
            if (scrapeSeconds < 1) throw new UsageException("--irate-scrape is at least 1s (the rates are counted per second)");
            var spec = new ExperimentSpec(kind, world, clusterName, policies, admissions, workloads, directory,
                new SimulationOptions(Service: distribution, IrateScrapeSeconds: scrapeSeconds), local, kube, targets, DurationOption.Parse("--rest", parse.GetValue(rest)).TotalSeconds);
            Directory.CreateDirectory(directory);
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"experiment on {parse.GetValue(target)}: {spec.Runs.Count} runs ({string.Join(", ", policies)} x {workloads.Length} workload(s) of {workloads.Sum(w => w.Requests):N0} requests) on {world.Name} ({world.Gpus.Count} GPU(s), {world.TotalGpuBytes / 1e9:0.###} GB) into {directory}")).ConfigureAwait(false);
            using var logs = StderrLoggerProvider.Factory(console.Error, "experiment", parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
            using var prometheusLease = prometheusClient;
            var rows = await ExperimentSweep.RunAsync(spec, ExperimentManifest.Of(spec, SelfCommand.Version), logs, line => console.Error.WriteLine(line), cancellation).ConfigureAwait(false);
            await console.Out.WriteAsync(Table(rows)).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"summary: {Path.Combine(directory, "summary.csv")}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Compare(CliConsole console)
    {
        var live = new Argument<string>("LIVE") { Description = "A live experiment's directory (or its summary.csv)" };
        var sim = new Argument<string>("SIM") { Description = "A simulated experiment's directory (or its summary.csv) on the same workloads" };
        var output = new Option<string?>("--out") { Description = "Where gap.csv goes; gap-ranking.csv, gap-report.html and gap-figures/ go beside it, named after it [default: LIVE/gap.csv]" };
        var command = new Command("compare", "The sim-to-real gap per policy, cv and KPI (SLO attainment, goodput, p50, p99, loads, GPU memory), whether the policies rank the same live and simulated, and figures of simulated against live")
        {
            live, sim, output,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var livePath = SummaryPath(parse.GetValue(live)!, "LIVE");
            var simPath = SummaryPath(parse.GetValue(sim)!, "SIM");
            var liveRows = SummaryCsv.ReadRows(livePath);
            var simRows = SummaryCsv.ReadRows(simPath);
            var gap = SimToRealGap.Of(liveRows, simRows);
            if (gap.Rows.Count == 0) throw new UsageException($"{livePath} and {simPath} share no (policy, admission, workload, cv, seed) run: compare an experiment with its simulated twin");
            var path = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(livePath)!, "gap.csv"));
            var directory = Path.GetDirectoryName(path)!;
            var stem = Path.GetFileNameWithoutExtension(path);
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(path, gap.Csv(), cancellation).ConfigureAwait(false);
            var ranking = Path.Combine(directory, stem + "-ranking.csv");
            await File.WriteAllTextAsync(ranking, gap.RankingCsv(), cancellation).ConfigureAwait(false);
            var report = GapReport.Write(gap, liveRows, simRows, Path.GetDirectoryName(livePath)!, Path.GetDirectoryName(simPath)!, directory, stem);
            await console.Out.WriteAsync(gap.Table()).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"gap: {path}, {ranking}; report: {report}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Calibrate(CliConsole console)
    {
        var live = new Argument<string>("LIVE") { Description = "A live experiment's directory" };
        var output = new Option<string>("--out") { Description = "The calibrated cluster file to write", Required = true };
        var command = new Command("calibrate", "Fit the simulator's cluster file from a live experiment's logs: inference times, load and offload times, cold starts, and the service-time cv to simulate with")
        {
            live, output,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(live)!);
            var manifest = Path.Combine(directory, ExperimentManifest.FileName);
            if (!File.Exists(manifest)) throw new UsageException($"{directory} has no {ExperimentManifest.FileName}: not an experiment directory");
            var source = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(manifest, cancellation).ConfigureAwait(false)).RootElement.GetProperty("cluster_source").GetString()!;
            var world = SimulateCommand.LoadCluster(File.Exists(source) || Catalogues.Clusters.Contains(source) ? source : throw new UsageException($"the experiment's cluster {source} is gone"));
            var calibration = Calibration.Fit(world, directory);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, calibration.Yaml(), cancellation).ConfigureAwait(false);
            await console.Out.WriteAsync(calibration.Describe()).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"cluster: {path}").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"simulate it: faaswise experiment run --target simulator --cluster {path} --service {calibration.Service} --workload {directory} --policy ... --out DIR").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Simulation.Workloads.Workload[] Workloads(string spec, string? cvs, double seconds, int seed, ClusterWorld world, double load)
    {
        if (ExperimentSweep.SavedWorkloads(spec) is { Count: > 0 } saved)
        {
            if (cvs is not null) throw new UsageException($"--cv: --workload {spec} replays that experiment's workloads, whose cv values are fixed");
            return [.. saved];
        }

        if (cvs is null || !spec.StartsWith("es1", StringComparison.Ordinal)) return SimulateCommand.Workloads(spec, seconds, seed, world, load);
        if (spec != "es1") throw new UsageException("--cv goes with --workload es1, not es1:CV");
        return cvs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(cv => SimulateCommand.Workloads("es1:" + cv, seconds, seed, world, load)).ToArray();
    }

    private static string SummaryPath(string value, string name)
    {
        var path = Directory.Exists(value) ? Path.Combine(value, "summary.csv") : value;
        return File.Exists(path) ? path : throw new UsageException($"{name} {value}: no summary.csv there");
    }

    private static string Table(IReadOnlyList<SummaryRow> rows)
    {
        var b = new System.Text.StringBuilder();
        b.AppendLine("workload      cv   seed  policy            requests   SLO %  goodput %   p50 ms   p99 ms  GPU mem GB  loads  offloads  cold starts");
        foreach (var a in rows.Where(r => r.Function == "ALL" && r.Seed != "mean").OrderBy(r => r.Workload, StringComparer.Ordinal).ThenBy(r => r.Cv).ThenBy(r => r.Policy, StringComparer.Ordinal))
        {
            b.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{a.Workload,-10} {a.Cv,5} {a.Seed,6}  {Sweep.PolicyLabel(a.Policy, a.Admission),-14} {a.Requests,10:N0} {a.SloAttainmentPct,7:0.00} {a.GoodputPct,10:0.00} {a.P50Ms,8:0.0} {a.P99Ms,8:0.0} {a.GpuMemUsedGb,11:0.000} {a.Loads,6} {a.Offloads,9} {a.ColdStarts,12}"));
        }

        return b.ToString();
    }

    /// <summary><c>--gpu</c>: null for emulated GPUs, else the CUDA device ordinals.</summary>
    internal static IReadOnlyList<int>? CudaDevices(string text)
    {
        if (text == "emulated") return null;
        if (text == "cuda") return [0];
        if (text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            var parts = text["cuda:".Length..].Split(',');
            var devices = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : -1).ToArray();
            if (devices.Length > 0 && devices.All(d => d >= 0) && devices.Distinct().Count() == devices.Length) return devices;
        }

        throw new UsageException($"--gpu '{text}' is not emulated, cuda or cuda:N[,N...] (distinct device ordinals)");
    }
}
