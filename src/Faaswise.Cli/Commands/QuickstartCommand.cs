using System.CommandLine;
using System.Globalization;
using Faaswise.Cli.Quickstart;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise quickstart</c>: the whole pipeline on this machine, ending in a report.</summary>
internal static class QuickstartCommand
{
    private const int Stages = 9;

    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "Folder for the report, its figures, datasets, models and simulations (a rerun into it resumes)", DefaultValueFactory = _ => "quickstart" };
        var minutes = new Option<double>("--minutes") { Description = "Time budget: 8 runs the full plan (about 8 minutes on 2 cores); under 4 the reduced plan (under 3 minutes)", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "Print the outcome (report, summary, stage timings) as JSON on stdout" };
        var command = new Command("quickstart", "Profile and sample the built-in functions on this machine, cluster them, train and evaluate the forecaster, simulate the GPU policies, and write report.html.")
        {
            output, minutes, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var budget = parse.GetValue(minutes);
            if (!(budget > 0)) throw new UsageException($"--minutes must be > 0 (got {budget.ToString(CultureInfo.InvariantCulture)})");
            var dir = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(dir);
            var plan = QuickstartPlan.For(budget);
            await console.Error.WriteLineAsync($"quickstart: into {dir}; {plan.Describe()}").ConfigureAwait(false);
            var runner = new StageRunner(dir, console, Stages);
            var code = await RunStagesAsync(runner, plan, dir, cancellation).ConfigureAwait(false);
            if (code == ExitCodes.Interrupted || cancellation.IsCancellationRequested)
            {
                await console.Error.WriteLineAsync($"quickstart: interrupted; every process it started is stopped and the finished stages are kept in {dir}: run the same command again to resume").ConfigureAwait(false);
                return ExitCodes.Interrupted;
            }

            if (code != ExitCodes.Success)
            {
                await console.Error.WriteLineAsync($"quickstart: a stage failed (exit {code}); its output is in {Path.Combine(dir, "logs")}; rerun to resume from it").ConfigureAwait(false);
                return code;
            }

            IReadOnlyList<string> summary = [];
            code = await runner.RunAsync("report", "writing the report", _ =>
            {
                summary = QuickstartReport.Write(dir, plan, runner.Timings);
                return Task.FromResult(ExitCodes.Success);
            }, remembered: false).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                var outcome = new { out_directory = dir, report = Path.Combine(dir, "report.html"), summary, stages = runner.Timings.Select(t => new { title = t.Title, seconds = t.Seconds, resumed = t.Resumed }) };
                await console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(outcome)).ConfigureAwait(false);
                return code;
            }

            foreach (var line in summary) await console.Out.WriteLineAsync(line).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"report: {Path.Combine(dir, "report.html")}").ConfigureAwait(false);
            return code;
        });
        return command;
    }

    private static async Task<int> RunStagesAsync(StageRunner runner, QuickstartPlan plan, string dir, CancellationToken cancellation)
    {
        var profile = Path.Combine(dir, QuickstartReport.Profile);
        var groups = Path.Combine(dir, QuickstartReport.Groups);
        var samples = Path.Combine(dir, QuickstartReport.Samples);
        var steps = new (string Name, string Title, Func<CliConsole, Task<int>> Work)[]
        {
            ("profile", "profiling each function alone on the embedded gateway", c => SampleCommand.RunAsync("profile", plan.Profile(profile), c, cancellation)),
            ("cluster", "clustering the functions by profile", c => ClusterCommand.RunAsync(plan.Cluster(Path.Combine(profile, "profiles"), groups), c)),
            ("sample", "sampling pairs of functions", c => SampleCommand.RunAsync("sample", plan.Sample(samples), c, cancellation)),
            ("train", "training and evaluating the forecaster (grouped split)", c => TrainCommand.RunAsync(QuickstartPlan.Train(samples, groups, Path.Combine(dir, QuickstartReport.Model)), c)),
        };
        var simulations = QuickstartReport.Clusters.Select(cluster => ("simulate-" + cluster, $"simulating the GPU policies on the {cluster} cluster",
            (Func<CliConsole, Task<int>>)(c => SimulateCommand.RunAsync(plan.Simulate(SimulateCommand.LoadCluster(cluster), Path.Combine(dir, QuickstartReport.Simulations, cluster)), json: false, c, cancellation))));
        var live = Path.Combine(dir, QuickstartReport.Live);
        var twin = Path.Combine(dir, QuickstartReport.Twin);
        var played = new (string Name, string Title, Func<CliConsole, Task<int>> Work)[]
        {
            ("live", "playing ES1 live on runtime processes (ResNet-18 and a synthetic model on an emulated GPU)", c => Program.RunAsync(plan.Live(live), c, cancellation)),
            ("twin", "simulating the live run's arrivals and comparing", async c =>
            {
                var code = await Program.RunAsync(QuickstartPlan.Twin(live, twin), c, cancellation).ConfigureAwait(false);
                return code != ExitCodes.Success ? code : await Program.RunAsync(QuickstartPlan.Compare(live, twin), c, cancellation).ConfigureAwait(false);
            }),
        };
        foreach (var (name, title, work) in steps.Concat(simulations).Concat(played))
        {
            var code = await runner.CommandAsync(name, title, work).ConfigureAwait(false);
            if (code != ExitCodes.Success) return code;
        }

        return ExitCodes.Success;
    }
}
