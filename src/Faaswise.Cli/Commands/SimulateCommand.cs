using System.CommandLine;
using System.Globalization;
using Faaswise.Load.Units;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise simulate</c>: policies compared on a workload over a simulated GPU cluster.</summary>
internal static class SimulateCommand
{
    private static readonly System.Text.Json.JsonSerializerOptions SummaryJson = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Create(CliConsole console)
    {
        var cluster = new Option<string>("--cluster") { Description = "A cluster YAML file, or a shipped one by name: default, memory-pressure", DefaultValueFactory = _ => "default" };
        var workload = new Option<string>("--workload")
        {
            Description = "es1 (QShuf's ES1 over its cv sweep 0.1,1,2,4,8), es1:CV (one cv), poisson:fn=rate,..., constant:fn=rate,..., or a folder written by faaswise workload generate",
            DefaultValueFactory = _ => "es1",
        };
        var policy = new Option<string>("--policy") { Description = $"Policies, comma-separated: {string.Join(", ", Sweep.Names)} (the upper bound), or all", DefaultValueFactory = _ => "all" };
        var admission = new Option<string>("--admission") { Description = "Admission rules applied to every policy, comma-separated: none (every routed request runs), slo (refused with 503 when its expected completion misses its SLO)", DefaultValueFactory = _ => "none,slo" };
        var service = new Option<string>("--service") { Description = "Inference times around each model's latency: deterministic, exponential (M/M/1 checks) or lognormal:cv=X", DefaultValueFactory = _ => "deterministic" };
        var seed = new Option<int>("--seed") { Description = "Seed of generated workloads and service draws (the same trace for every policy)", DefaultValueFactory = _ => 1 };
        var target = new Option<string>("--target-utilisation") { Description = $"Target utilisation per replica of the policies that have one ({string.Join(", ", PolicyCatalog.Tunable)}): one number for all, or pinned=0.7,faaswise=0.6; defaults pinned {PolicyCatalog.PinnedTargetUtilisation}, faaswise {PolicyCatalog.FaaswiseTargetUtilisation}" };
        var crashes = new Option<double>("--crashes-per-hour") { Description = "Rate at which each running replica's process crashes, per hour (its requests end with 502; policies see it Failed and replace it); 0 for none" };
        var loadFailures = new Option<double>("--load-failure") { Description = "Probability that a host-to-GPU load fails and leaves the model in host memory, 0 to 1" };
        var seeds = new Option<string>("--seeds") { Description = "Several seeds, each on its own trace, every policy on the same traces: a range 101-105 or a list 1,2,3; summary.csv adds mean rows with 95 % intervals (overrides --seed)" };
        var duration = new Option<string>("--duration") { Description = "T of generated workloads (es1 arrivals run to at most 1.5 T)", DefaultValueFactory = _ => "600s" };
        var output = new Option<string>("--out") { Description = "Directory for summary.csv, figures and runs/POLICY[+slo]/WORKLOAD-cvX-seedN/{requests,decisions,gpus,functions}.csv", Required = true };
        var noRequestLog = new Option<bool>("--no-request-log") { Description = "Skip the per-request logs and the refused requests in decisions.csv (time series, decisions and summary are still written)" };
        var json = new Option<bool>("--json") { Description = "Print every summary row as JSON on stdout instead of the table" };
        var command = new Command("simulate", "Compare GPU inference policies in the discrete-event simulator: per-request logs, time series, summary.csv, figures.")
        {
            cluster, workload, policy, admission, service, seed, seeds, target, crashes, loadFailures, duration, output, noRequestLog, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var world = LoadCluster(parse.GetValue(cluster)!);
            var length = DurationOption.Parse("--duration", parse.GetValue(duration)).TotalSeconds;
            int[] seedList = parse.GetValue(seeds) is { } text ? SeedList(text) : [parse.GetValue(seed)];
            var workloads = seedList.SelectMany(s => Workloads(parse.GetValue(workload)!, length, s, world)).ToArray();
            if (workloads.Select(w => w.Seed).Distinct().Count() < seedList.Length) throw new UsageException("--seeds: a trace folder has one seed; generate one folder per seed instead");
            var admissions = Admissions(parse.GetValue(admission)!);
            var distribution = ServiceDistribution.Parse(parse.GetValue(service)!) ?? throw new UsageException($"--service '{parse.GetValue(service)}' is not deterministic, exponential or lognormal:cv=X with X > 0");
            foreach (var name in workloads.SelectMany(w => w.Functions).Select(f => f.Function).Distinct())
            {
                if (world.FunctionIndex(name) < 0) throw new UsageException($"--workload: function '{name}' is not in the cluster file ({string.Join(", ", world.Functions.Select(f => f.Name))})");
            }

            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var spec = new SweepSpec(world, Policies(parse.GetValue(policy)!), workloads, directory, !parse.GetValue(noRequestLog),
                new SimulationOptions(Service: distribution, CrashesPerReplicaHour: Rate(parse.GetValue(crashes)), LoadFailureProbability: Probability(parse.GetValue(loadFailures))),
                admissions, Targets(parse.GetValue(target)));
            return await RunAsync(spec, parse.GetValue(json), console, cancellation).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs a sweep into its directory (summary.csv, figures, per-run logs): what <c>simulate</c> does once its options are parsed.</summary>
    internal static async Task<int> RunAsync(SweepSpec spec, bool json, CliConsole console, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var directory = spec.OutDirectory ?? throw new ArgumentException("a sweep run from the command line writes into a directory", nameof(spec));
        var world = spec.World;
        var admissions = spec.AdmissionRules;
        var distribution = spec.Options?.Service ?? ServiceDistribution.Deterministic;
        Directory.CreateDirectory(directory);
        var total = spec.Policies.Sum(p => p == Bound.Name ? 1 : admissions.Count) * spec.Workloads.Count;
        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"simulating {total} runs: {string.Join(", ", spec.Policies)} x admission {string.Join(", ", admissions)} on {world.Name} ({world.Gpus.Count} GPUs, {world.TotalGpuBytes / 1e9:0.#} GB) x {spec.Workloads.Count} workload(s) of {spec.Workloads.Sum(w => w.Requests):N0} requests, {distribution} service")).ConfigureAwait(false);
        var finished = new List<RunResult>();
        var summary = Path.Combine(directory, "summary.csv");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<RunResult> results;
        try
        {
            results = await Task.Run(() => Sweep.Run(spec, r =>
            {
                finished.Add(r);
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{finished.Count}/{total}] {r.Label,-14} {Sweep.WorkloadLabel(r.Workload),-18} {r.Requests,9:N0} requests  SLO {r.All.SloAttainmentPct,6:0.00} %  p99 {r.All.P99Ms,8:0.0} ms  ({r.WallSeconds:0.00} s)"));
            }, cancellation), cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await File.WriteAllTextAsync(summary, SummaryCsv.Format(WithMeans(finished)), CancellationToken.None).ConfigureAwait(false);
            await console.Error.WriteLineAsync($"interrupted: the {finished.Count} finished runs of {total} are in {summary}").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        var simulated = results.Sum(r => r.Requests);
        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"simulated {simulated:N0} requests in {clock.Elapsed.TotalSeconds:0.00} s of wall time ({simulated / clock.Elapsed.TotalSeconds:N0} requests/s)")).ConfigureAwait(false);
        await File.WriteAllTextAsync(summary, SummaryCsv.Format(WithMeans(results)), cancellation).ConfigureAwait(false);
        var figures = SimulationFigures.Write(results, directory, world.TotalGpuBytes / 1e9);
        if (json)
        {
            await console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(WithMeans(results), SummaryJson)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await console.Out.WriteAsync(Table(results)).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"summary: {summary}").ConfigureAwait(false);
        await console.Out.WriteLineAsync($"figures: {string.Join(", ", figures.Select(Path.GetFileName))}").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>A cluster file, or a shipped cluster by name; a usage error naming <paramref name="option"/> otherwise.</summary>
    internal static ClusterWorld LoadCluster(string value, string option = "--cluster")
    {
        try
        {
            if (File.Exists(value)) return Catalogues.Parse(File.ReadAllText(value));
            if (Catalogues.Clusters.Contains(value)) return Catalogues.Cluster(value);
            throw new UsageException($"{option} '{value}' is neither a file nor a shipped cluster ({string.Join(", ", Catalogues.Clusters)})");
        }
        catch (WorldFormatException e)
        {
            throw new UsageException($"{option} {value}: {e.Message}");
        }
    }

    /// <summary>
    /// The workloads a <c>--workload</c> value names. es1 plays QShuf's ES1 functions, or, on a cluster whose functions
    /// are not ES1's, the cluster's own functions by ES1's rule (mean gap = the model's GPU latency); rates are
    /// multiplied by <paramref name="load"/>.
    /// </summary>
    internal static Workload[] Workloads(string spec, double seconds, int seed, ClusterWorld? world = null, double load = 1)
    {
        var (kind, argument) = spec.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? (spec[..i], spec[(i + 1)..]) : (spec, "");
        var es1 = Es1Functions(world).Select(f => (f.Function, f.Mu / load)).ToArray();
        switch (kind)
        {
            case "es1" when argument.Length == 0:
                return Es1Catalog.CvSweep.Select(cv => WorkloadGenerators.Es1(cv, seconds, seed, es1)).ToArray();
            case "es1":
                return [WorkloadGenerators.Es1(WorkloadArguments.PositiveNumber(argument, "--workload es1:CV"), seconds, seed, es1)];
            case "poisson":
                return [WorkloadGenerators.Poisson(WorkloadArguments.Rates(argument, "--workload poisson:"), seconds, seed)];
            case "constant":
                return [WorkloadGenerators.Constant(WorkloadArguments.Rates(argument, "--workload constant:"), seconds)];
        }

        if (Directory.Exists(spec) || File.Exists(spec))
        {
            try
            {
                return [WorkloadFiles.Read(spec)];
            }
            catch (FormatException e)
            {
                throw new UsageException($"--workload {spec}: {e.Message}");
            }
        }

        throw new UsageException($"--workload '{spec}' is not es1, es1:CV, poisson:..., constant:... or a trace folder");
    }

    /// <summary>ES1's functions and mean gaps: QShuf's, unless the cluster has functions ES1 does not, then the cluster's own (gap = GPU latency).</summary>
    /// <summary>ES1's functions that the cluster has (all of them on QShuf's own clusters), else the cluster's functions with each model's GPU latency as the mean gap.</summary>
    private static IReadOnlyList<(string Function, double Mu)> Es1Functions(ClusterWorld? world) =>
        world is null ? Es1Catalog.Functions
            : world.Functions.All(f => Es1Catalog.Functions.Any(e => e.Function == f.Name)) ? Es1Catalog.Functions.Where(e => world.FunctionIndex(e.Function) >= 0).ToArray()
            : world.Functions.Select((f, i) => (f.Name, world.ModelOf(i).CudaSeconds)).ToArray();

    internal static IReadOnlyList<string> Policies(string value) => Names(value, "--policy", Sweep.Names, allowAll: true);

    internal static IReadOnlyList<string> Admissions(string value) => Names(value, "--admission", PolicyCatalog.Admissions, allowAll: false);

    private static IReadOnlyList<string> Names(string value, string option, IReadOnlyList<string> known, bool allowAll)
    {
        if (allowAll && value == "all") return known;
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var n in names)
        {
            if (!known.Contains(n)) throw new UsageException($"{option} '{n}' is not one of {string.Join(", ", known)}");
        }

        return names.Length > 0 ? names.Distinct().ToArray() : throw new UsageException($"{option} is empty");
    }

    private static double Rate(double perHour) => perHour >= 0 && double.IsFinite(perHour) ? perHour
        : throw new UsageException($"--crashes-per-hour {perHour.ToString(CultureInfo.InvariantCulture)} is not a rate >= 0");

    private static double Probability(double p) => p is >= 0 and <= 1 ? p
        : throw new UsageException($"--load-failure {p.ToString(CultureInfo.InvariantCulture)} is not a probability between 0 and 1");

    /// <summary>0.6 (every tunable policy) or pinned=0.7,faaswise=0.6.</summary>
    internal static Dictionary<string, double>? Targets(string? text)
    {
        if (text is null) return null;
        static double Fraction(string s, string text) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && x <= 1 ? x
            : throw new UsageException($"--target-utilisation '{text}': '{s}' is not a number in (0, 1]");
        if (!text.Contains('=', StringComparison.Ordinal)) return PolicyCatalog.Tunable.ToDictionary(p => p, _ => Fraction(text, text));
        var targets = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !PolicyCatalog.Tunable.Contains(parts[0])) throw new UsageException($"--target-utilisation '{text}': '{pair}' is not POLICY=X with POLICY one of {string.Join(", ", PolicyCatalog.Tunable)}");
            targets[parts[0]] = Fraction(parts[1], text);
        }

        return targets;
    }

    /// <summary>101-105 or 1,2,3.</summary>
    internal static int[] SeedList(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && int.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var to) && to >= from && to - from < 1000)
        {
            return Enumerable.Range(from, to - from + 1).ToArray();
        }

        var list = text.Split(',', StringSplitOptions.TrimEntries);
        var seeds = new List<int>();
        foreach (var s in list)
        {
            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) throw new UsageException($"--seeds '{text}' is not a range such as 101-105 or a list such as 1,2,3");
            seeds.Add(n);
        }

        return seeds.Distinct().ToArray();
    }

    /// <summary>Per-seed rows, then the mean rows over seeds.</summary>
    private static IReadOnlyList<SummaryRow> WithMeans(IEnumerable<RunResult> results)
    {
        var rows = results.SelectMany(r => r.Rows).ToList();
        return [.. rows, .. SeedMeans.Of(rows)];
    }

    private static string Table(IReadOnlyList<RunResult> results)
    {
        var b = new System.Text.StringBuilder();
        var all = WithMeans(results).Where(r => r.Function == "ALL").ToList();
        var multi = all.Any(r => r.Seed == "mean");
        b.AppendLine("workload      cv   seed  policy            requests   SLO %  (95% CI)  goodput %  (95% CI)  SLO-met/s   p50 ms   p99 ms  GPU util %  GPU mem GB  loads  cold starts");
        foreach (var a in all.Where(r => !multi || r.Seed == "mean").OrderBy(r => r.Workload, StringComparer.Ordinal).ThenBy(r => r.Cv).ThenBy(r => IndexOf(r.Policy)).ThenBy(r => r.Admission, StringComparer.Ordinal))
        {
            b.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{a.Workload,-10} {a.Cv,5} {a.Seed,6}  {Sweep.PolicyLabel(a.Policy, a.Admission),-14} {a.Requests,10:N0} {a.SloAttainmentPct,7:0.00} {Ci(a.SloAttainmentCi95),9} {a.GoodputPct,10:0.00} {Ci(a.GoodputCi95),9} {a.SloGoodputRps,10:0.00} {a.P50Ms,8:0.0} {a.P99Ms,8:0.0} {a.GpuUtilPct,11:0.0} {a.GpuMemUsedGb,11:0.0} {a.Loads,6} {a.ColdStarts,12}"));
        }

        return b.ToString();
    }

    private static string Ci(double? halfWidth) => halfWidth is { } h && double.IsFinite(h) ? string.Create(CultureInfo.InvariantCulture, $"±{h:0.00}") : "";

    private static int IndexOf(string policy) => Sweep.Names.ToList().IndexOf(policy);
}
