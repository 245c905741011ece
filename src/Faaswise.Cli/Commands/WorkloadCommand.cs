using System.CommandLine;
using System.Globalization;
using Faaswise.Load.Units;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise workload generate</c>: arrival traces in QShuf's format.</summary>
internal static class WorkloadCommand
{
    public static Command Create(CliConsole console)
    {
        var kind = new Option<string>("--kind") { Description = "es1 (QShuf's ES1: gamma gaps, mean = each model's latency), poisson, constant, or azure (Azure Functions 2019 per-minute counts)", DefaultValueFactory = _ => "es1" };
        var output = new Option<string>("--out") { Description = "Directory for <function>-dist.txt files and workload.json", Required = true };
        var cv = new Option<string?>("--cv") { Description = "Coefficient of variation of the gaps (es1: one value, or all of 0.1,1,2,4,8 in cv-<value>/ folders when left out; azure: 1 = Poisson)" };
        var duration = new Option<string>("--duration") { Description = "T: es1's nominal length (arrivals may run to 1.5 T), poisson's and constant's length", DefaultValueFactory = _ => "600s" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator", DefaultValueFactory = _ => 1 };
        var rates = new Option<string?>("--rates") { Description = "poisson/constant: function=requests/s pairs, comma-separated (e.g. bert=16.7,labse=6.25)" };
        var trace = new Option<string?>("--trace") { Description = "azure: an invocations_per_function_md.anon.dNN.csv file" };
        var functions = new Option<string?>("--functions") { Description = "azure: the functions its rows are mapped onto, round-robin [default: QShuf's ten]" };
        var rateScale = new Option<double>("--rate-scale") { Description = "azure: factor on every count", DefaultValueFactory = _ => 1 };
        var startMinute = new Option<int>("--start-minute") { Description = "azure: first minute of the day to use (0-based)", DefaultValueFactory = _ => 0 };
        var minutes = new Option<int>("--minutes") { Description = "azure: minutes to use", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print what was written as JSON on stdout" };
        var generate = new Command("generate", "Write arrival traces, one offset in seconds per line per function (QShuf's format; faaswise attack --arrival trace:FILE replays one).")
        {
            kind, output, cv, duration, seed, rates, trace, functions, rateScale, startMinute, minutes, json,
        };
        generate.SetAction(async (parse, cancellation) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var length = DurationOption.Parse("--duration", parse.GetValue(duration)).TotalSeconds;
            var seedValue = parse.GetValue(seed);
            var written = new List<(string Directory, Workload Workload)>();
            switch (parse.GetValue(kind))
            {
                case "es1":
                    var cvs = parse.GetValue(cv) is { } one ? [WorkloadArguments.PositiveNumber(one, "--cv")] : Es1Catalog.CvSweep;
                    foreach (var value in cvs)
                    {
                        var target = parse.GetValue(cv) is null ? Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"cv-{value}")) : directory;
                        written.Add((target, WorkloadGenerators.Es1(value, length, seedValue)));
                    }

                    break;
                case "poisson":
                    written.Add((directory, WorkloadGenerators.Poisson(WorkloadArguments.Rates(parse.GetValue(rates), "--rates"), length, seedValue)));
                    break;
                case "constant":
                    written.Add((directory, WorkloadGenerators.Constant(WorkloadArguments.Rates(parse.GetValue(rates), "--rates"), length)));
                    break;
                case "azure":
                    var file = parse.GetValue(trace) ?? throw new UsageException("--kind azure needs --trace FILE");
                    if (!File.Exists(file)) throw new UsageException($"--trace {file}: no such file");
                    var targets = parse.GetValue(functions)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        ?? [.. Es1Catalog.Functions.Select(f => f.Function)];
                    var shape = parse.GetValue(cv) is { } c ? WorkloadArguments.PositiveNumber(c, "--cv") : 1;
                    written.Add((directory, AzureTrace.Load(file, targets, parse.GetValue(rateScale), shape, parse.GetValue(startMinute), parse.GetValue(minutes), seedValue)));
                    break;
                default:
                    throw new UsageException($"--kind must be es1, poisson, constant or azure (got '{parse.GetValue(kind)}')");
            }

            foreach (var (target, workload) in written) WorkloadFiles.Write(workload, target);
            if (parse.GetValue(json))
            {
                var report = written.Select(w => new
                {
                    directory = w.Directory, name = w.Workload.Name, cv = w.Workload.Cv, seed = w.Workload.Seed, requests = w.Workload.Requests,
                    functions = w.Workload.Functions.Select(f => new
                    {
                        function = f.Function, file = Path.Combine(w.Directory, WorkloadFiles.FileName(f.Function)), start_seconds = f.StartSeconds, requests = f.Offsets.Count,
                        mean_rate_per_second = f.MeanRate, last_offset_seconds = f.Offsets.Count == 0 ? 0 : f.Offsets[^1],
                    }),
                });
                await console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(report)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (var (target, workload) in written)
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{workload.Name}{(workload.Cv is { } v ? $" cv {v}" : "")}: {workload.Requests:N0} requests in {target}")).ConfigureAwait(false);
                foreach (var f in workload.Functions)
                {
                    var last = f.Offsets.Count == 0 ? 0 : f.Offsets[^1];
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {f.Function,-14} start {f.StartSeconds,5:0} s  {f.Offsets.Count,8:N0} requests  {f.MeanRate,8:0.###} req/s  last at {last,8:0.0} s")).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return new Command("workload", "Workloads for the QShuf simulator and for faaswise attack.") { generate };
    }
}
