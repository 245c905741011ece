using System.CommandLine;
using System.Globalization;
using Faaswise.Load.Units;
using Faaswise.Qshuf.Policies;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Kpi;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise simulate</c>: policies compared on a workload over a simulated GPU cluster.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliConsole console)
    {
        var cluster = new Option<string>("--cluster") { Description = "A cluster YAML file, or a shipped one by name: default, memory-pressure", DefaultValueFactory = _ => "default" };
        var workload = new Option<string>("--workload")
        {
            Description = "es1 (QShuf's ES1 over its cv sweep 0.1,1,2,4,8), es1:CV (one cv), poisson:fn=rate,..., constant:fn=rate,..., or a folder written by faaswise workload generate",
            DefaultValueFactory = _ => "es1",
        };
        var policy = new Option<string>("--policy") { Description = $"Policies, comma-separated: {string.Join(", ", PolicyCatalog.Names)}, or all", DefaultValueFactory = _ => "all" };
        var seed = new Option<int>("--seed") { Description = "Seed of generated workloads (the same trace for every policy)", DefaultValueFactory = _ => 1 };
        var duration = new Option<string>("--duration") { Description = "T of generated workloads (es1 arrivals run to at most 1.5 T)", DefaultValueFactory = _ => "600s" };
        var output = new Option<string>("--out") { Description = "Directory for summary.csv, figures and runs/POLICY/WORKLOAD/{requests,gpus,functions}.csv", Required = true };
        var noRequestLog = new Option<bool>("--no-request-log") { Description = "Skip the per-request logs (time series and summary are still written)" };
        var json = new Option<bool>("--json") { Description = "Print every summary row as JSON on stdout instead of the table" };
        var command = new Command("simulate", "Compare GPU inference policies in the discrete-event simulator: per-request logs, time series, summary.csv, figures.")
        {
            cluster, workload, policy, seed, duration, output, noRequestLog, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var world = LoadCluster(parse.GetValue(cluster)!);
            var length = DurationText.TryParse(parse.GetValue(duration), out var d) && d > TimeSpan.Zero ? d.TotalSeconds
                : throw new UsageException($"--duration '{parse.GetValue(duration)}' is not a positive duration such as 600s");
            var workloads = Workloads(parse.GetValue(workload)!, length, parse.GetValue(seed));
            foreach (var name in workloads.SelectMany(w => w.Functions).Select(f => f.Function).Distinct())
            {
                if (world.FunctionIndex(name) < 0) throw new UsageException($"--workload: function '{name}' is not in the cluster file ({string.Join(", ", world.Functions.Select(f => f.Name))})");
            }

            var policies = Policies(parse.GetValue(policy)!);
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(directory);
            var total = policies.Count * workloads.Length;
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"simulating {total} runs: {string.Join(", ", policies)} on {world.Name} ({world.Gpus.Count} GPUs, {world.TotalGpuBytes / 1e9:0.#} GB) x {workloads.Length} workload(s) of {workloads.Sum(w => w.Requests):N0} requests")).ConfigureAwait(false);
            var finished = new List<RunResult>();
            var spec = new SweepSpec(world, policies, workloads, directory, !parse.GetValue(noRequestLog));
            var summary = Path.Combine(directory, "summary.csv");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            IReadOnlyList<RunResult> results;
            try
            {
                results = await Task.Run(() => Sweep.Run(spec, r =>
                {
                    finished.Add(r);
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{finished.Count}/{total}] {r.Policy,-9} {Sweep.WorkloadLabel(r.Workload),-12} {r.Requests,9:N0} requests  SLO {r.All.SloAttainmentPct,6:0.00} %  p99 {r.All.P99Ms,8:0.0} ms  ({r.WallSeconds:0.00} s)"));
                }, cancellation), cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                await File.WriteAllTextAsync(summary, SummaryCsv.Format(finished.SelectMany(r => r.Rows)), CancellationToken.None).ConfigureAwait(false);
                await console.Error.WriteLineAsync($"interrupted: the {finished.Count} finished runs of {total} are in {summary}").ConfigureAwait(false);
                return ExitCodes.Interrupted;
            }

            var simulated = results.Sum(r => r.Requests);
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"simulated {simulated:N0} requests in {clock.Elapsed.TotalSeconds:0.00} s of wall time ({simulated / clock.Elapsed.TotalSeconds:N0} requests/s)")).ConfigureAwait(false);
            await File.WriteAllTextAsync(summary, SummaryCsv.Format(results.SelectMany(r => r.Rows)), cancellation).ConfigureAwait(false);
            var figures = SimulationFigures.Write(results, directory, world.TotalGpuBytes / 1e9);
            if (parse.GetValue(json))
            {
                var options = new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
                await console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(results.SelectMany(r => r.Rows), options)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await console.Out.WriteAsync(Table(results)).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"summary: {summary}").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"figures: {string.Join(", ", figures.Select(Path.GetFileName))}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static ClusterWorld LoadCluster(string value)
    {
        try
        {
            if (File.Exists(value)) return Catalogues.Parse(File.ReadAllText(value));
            if (Catalogues.Clusters.Contains(value)) return Catalogues.Cluster(value);
            throw new UsageException($"--cluster '{value}' is neither a file nor a shipped cluster ({string.Join(", ", Catalogues.Clusters)})");
        }
        catch (WorldFormatException e)
        {
            throw new UsageException($"--cluster {value}: {e.Message}");
        }
    }

    private static Workload[] Workloads(string spec, double seconds, int seed)
    {
        var (kind, argument) = spec.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? (spec[..i], spec[(i + 1)..]) : (spec, "");
        switch (kind)
        {
            case "es1" when argument.Length == 0:
                return Es1Catalog.CvSweep.Select(cv => WorkloadGenerators.Es1(cv, seconds, seed)).ToArray();
            case "es1":
                return [WorkloadGenerators.Es1(WorkloadArguments.PositiveNumber(argument, "--workload es1:CV"), seconds, seed)];
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

    private static IReadOnlyList<string> Policies(string value)
    {
        if (value == "all") return PolicyCatalog.Names;
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var n in names)
        {
            if (!PolicyCatalog.Names.Contains(n)) throw new UsageException($"--policy '{n}' is not one of {string.Join(", ", PolicyCatalog.Names)}");
        }

        return names.Length > 0 ? names.Distinct().ToArray() : throw new UsageException("--policy is empty");
    }

    private static string Table(IReadOnlyList<RunResult> results)
    {
        var b = new System.Text.StringBuilder();
        b.AppendLine("workload        policy      requests   SLO %  goodput %   p50 ms   p99 ms  GPU util %  GPU mem GB  loads  cold starts");
        foreach (var r in results.OrderBy(r => Sweep.WorkloadLabel(r.Workload), StringComparer.Ordinal).ThenBy(r => IndexOf(r.Policy)))
        {
            var a = r.All;
            b.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{Sweep.WorkloadLabel(r.Workload),-15} {r.Policy,-9} {a.Requests,10:N0} {a.SloAttainmentPct,7:0.00} {a.GoodputPct,10:0.00} {a.P50Ms,8:0.0} {a.P99Ms,8:0.0} {a.GpuUtilPct,11:0.0} {a.GpuMemUsedGb,11:0.0} {a.Loads,6} {a.ColdStarts,12}"));
        }

        return b.ToString();
    }

    private static int IndexOf(string policy) => PolicyCatalog.Names.ToList().IndexOf(policy);
}
