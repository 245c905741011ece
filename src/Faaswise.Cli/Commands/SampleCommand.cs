using System.CommandLine;
using System.Globalization;
using Faaswise.Load.Units;
using Faaswise.Metrics;
using Faaswise.Metrics.Local;
using Faaswise.Metrics.Queries;
using Faaswise.Sampling.Output;
using Faaswise.Sampling.Plan;
using Faaswise.Sampling.Rules;
using Faaswise.Sampling.Running;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise sample</c> (Sampler Generator) and <c>faaswise profile</c> (Profiler): one engine, two grids.</summary>
internal static class SampleCommand
{
    public static Command CreateSample(CliConsole console) => Create(console, profile: false);

    public static Command CreateProfile(CliConsole console) => Create(console, profile: true);

    private static Command Create(CliConsole console, bool profile)
    {
        var functions = new Option<string>("--functions") { Description = "Comma-separated function names", Required = true };
        var output = new Option<string>("--out") { Description = "Dataset directory (created; rerunning the same command resumes it)", Required = true };
        var maxRate = new Option<int>("--max-rate") { Description = "Highest rate per function, requests/s", DefaultValueFactory = _ => 200 };
        var minRate = new Option<int>("--min-rate") { Description = "Lowest rate per function, requests/s", DefaultValueFactory = _ => profile ? 20 : 0 };
        var rateStep = new Option<int>("--rate-step") { Description = "Step of the rate grid, requests/s", DefaultValueFactory = _ => profile ? 20 : 10 };
        var minFunctions = new Option<int?>("--min-functions") { Description = "Smallest combination size (inclusive) [default: all the functions]" };
        var maxFunctions = new Option<int?>("--max-functions") { Description = "Largest combination size (inclusive) [default: all the functions]" };
        var iterations = new Option<int>("--iterations") { Description = "Repetitions of each configuration", DefaultValueFactory = _ => 3 };
        var duration = new Option<string>("--duration") { Description = "Measured part of each attack", DefaultValueFactory = _ => "30s" };
        var warmUp = new Option<string>("--warmup") { Description = "Load sent before the measurement window opens", DefaultValueFactory = _ => "5s" };
        var login = new GatewayLogin();
        var prometheusLogin = new PrometheusLogin();
        var scope = new PrometheusScopeOptions();
        var json = new Option<bool>("--json") { Description = "Print the outcome (rows, skipped, predicted, failed, directory) as JSON on stdout" };
        var prometheus = new Option<string?>("--prometheus") { Description = "Prometheus URL (node-exporter, cAdvisor, Scaphandre or Kepler) [default: the local collector]" };
        var scrape = new Option<string>("--scrape-interval") { Description = "Prometheus's scrape interval: windows are read one interval after they close", DefaultValueFactory = _ => "15s" };
        var skip = new Option<string>("--skip-rule") { Description = "sound (component-wise dominance), dfaas (DFaaS's rules) or none", DefaultValueFactory = _ => "sound" };
        var noRest = new Option<bool>("--no-rest") { Description = "Do not wait for the node to return near idle between iterations" };
        var restTimeout = new Option<string>("--rest-timeout") { Description = "Longest wait for the node to calm down; past it the iteration fails", DefaultValueFactory = _ => "300s" };
        var attempts = new Option<int>("--attempts") { Description = "Tries per iteration before it is recorded as failed", DefaultValueFactory = _ => 3 };
        var idleWatts = new Option<double>("--power-idle-watts") { Description = "Estimated power model: idle node, watts", DefaultValueFactory = _ => 20 };
        var coreWatts = new Option<double>("--power-watts-per-core") { Description = "Estimated power model: one fully busy core, watts", DefaultValueFactory = _ => 10 };
        var format = new Option<string>("--format") { Description = "csv, or parquet: also a typed .parquet copy of each results CSV once the run ends (pandas, Polars, DuckDB)", DefaultValueFactory = _ => "csv" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the configurations, what history skips and the expected duration; run nothing" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress" };
        var command = profile
            ? new Command("profile", "Profile functions one at a time over a rate grid (DFaaS's Sampler Generator Profiler): one profiler CSV per function.")
            : new Command("sample", "Send load to combinations of functions over a rate grid and record node and function CPU, RAM, power, latency and success (DFaaS's Sampler Generator).");
        foreach (var o in new Option[] { functions, output, maxRate, minRate, rateStep, iterations, duration, warmUp, login.Gateway, login.Username, login.PasswordFile, login.PasswordStdin, prometheus, prometheusLogin.User, prometheusLogin.PasswordFile, prometheusLogin.TokenFile, scope.NodeSelector, scope.ContainerSelector, scope.ContainerLabels, scope.Namespace, scrape, skip, noRest, restTimeout, attempts, idleWatts, coreWatts, format, dryRun, json, quiet })
        {
            command.Options.Add(o);
        }

        if (!profile)
        {
            command.Options.Add(minFunctions);
            command.Options.Add(maxFunctions);
        }

        command.SetAction(async (parse, cancellation) =>
        {
            var parquet = parse.GetValue(format) switch
            {
                "csv" => false,
                "parquet" => true,
                var f => throw new UsageException($"--format must be csv or parquet (got '{f}')"),
            };
            var names = parse.GetValue(functions)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
            if (names.Length == 0) throw new UsageException("--functions names no function");
            var options = new SamplingOptions
            {
                Functions = names,
                MinFunctions = parse.GetValue(minFunctions) ?? names.Length,
                MaxFunctions = parse.GetValue(maxFunctions) ?? names.Length,
                MaxRate = parse.GetValue(maxRate),
                MinRate = parse.GetValue(minRate),
                RateStep = parse.GetValue(rateStep),
                Iterations = parse.GetValue(iterations) is var n and >= 1 ? n : throw new UsageException("--iterations must be ≥ 1"),
                Duration = Duration(parse.GetValue(duration)!, "--duration", positive: true),
                WarmUp = Duration(parse.GetValue(warmUp)!, "--warmup", positive: false),
                Skip = parse.GetValue(skip) switch
                {
                    "sound" => SkipRule.Sound,
                    "dfaas" => SkipRule.Dfaas,
                    "none" => SkipRule.None,
                    var s => throw new UsageException($"--skip-rule must be sound, dfaas or none (got '{s}')"),
                },
                Attempts = parse.GetValue(attempts) is var a and >= 1 ? a : throw new UsageException("--attempts must be ≥ 1"),
                Rest = new RestOptions { Enabled = !parse.GetValue(noRest), Timeout = Duration(parse.GetValue(restTimeout)!, "--rest-timeout", positive: true) },
                Profile = profile,
            };
            if (parse.GetValue(prometheus) is null && scope.Given(parse)) throw new UsageException("--node-selector, --container-selector, --container-labels and --function-namespace choose Prometheus series: give --prometheus URL");
            var gatewayUrl = UrlOption.Parse("--gateway", login.GatewayText(parse));
            var request = new SampleRequest
            {
                Options = options,
                Directory = Path.GetFullPath(parse.GetValue(output)!),
                Gateway = gatewayUrl,
                Credentials = gatewayUrl is null || parse.GetValue(dryRun) ? null : login.Resolve(parse, gatewayUrl, Console.In),
                Prometheus = UrlOption.Parse("--prometheus", parse.GetValue(prometheus)) is { } promUrl ? prometheusLogin.For(parse, promUrl) : null,
                Scope = scope.For(parse),
                ScrapeInterval = Duration(parse.GetValue(scrape)!, "--scrape-interval", positive: true),
                Power = new LinearPowerModel(parse.GetValue(idleWatts), parse.GetValue(coreWatts)),
                Parquet = parquet,
                DryRun = parse.GetValue(dryRun),
                Json = parse.GetValue(json),
                Quiet = parse.GetValue(quiet),
            };
            return await RunAsync(command.Name, request, console, cancellation).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs (or resumes, or previews) a sampling or profiling run: what <c>sample</c> and <c>profile</c> do once their options are parsed.</summary>
    internal static async Task<int> RunAsync(string name, SampleRequest request, CliConsole console, CancellationToken cancellation)
    {
        var options = request.Options;
        var directory = request.Directory;
        SamplingPlan plan;
        try
        {
            plan = Sampler.PlanFor(options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var grid = Sampler.GridFor(options, plan);

        var existing = Directory.Exists(directory) ? SamplingManifest.Read(directory) : null;
        if (existing is not null && !existing.Grid.SameAs(grid))
        {
            throw new UsageException($"{directory} holds a run with another grid ({Describe(existing.Grid)}); give a new --out, or the same options to resume");
        }

        if (request.DryRun) return await DryRunAsync(console, plan, options, directory).ConfigureAwait(false);

        if (request.Prometheus is not null && options.Duration < 2 * request.ScrapeInterval)
        {
            throw new UsageException($"--duration {DurationText.Format(options.Duration)} holds fewer than two scrapes of --scrape-interval {DurationText.Format(request.ScrapeInterval)}: rate() needs two; lengthen the attack");
        }

        await using var environment = await SamplingEnvironment.StartAsync(
            options.Functions, request.Gateway, request.Credentials, request.Prometheus, request.Scope, request.ScrapeInterval, request.Power, cancellation).ConfigureAwait(false);
        Directory.CreateDirectory(directory);
        var stamp = existing?.Stamp ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd_HH-mm-ss", CultureInfo.InvariantCulture);
        if (existing is null) SamplingManifest.Create(grid, stamp, SelfCommand.Version, environment.Platform.Description, environment.Metrics, DateTimeOffset.UtcNow).Write(directory);
        // curl fetches the URL in its body: point it at the gateway under test, which is sure to answer.
        var bodies = new Dictionary<string, string>(options.Bodies) { ["curl"] = new Uri(environment.Gateway, "healthz").ToString() };
        var running = new Sampler(options with { Bodies = bodies }, environment.Platform, environment.Metrics, new AttackLoadDriver(TimeSpan.FromSeconds(30)), TimeProvider.System);

        SamplerProgress? latest = null;
        var reporter = new Progress(p =>
        {
            var previous = Interlocked.Exchange(ref latest, p);
            if (!console.Interactive && !request.Quiet && (previous is null || previous.Configuration != p.Configuration || previous.Iteration != p.Iteration || p.State.StartsWith("attempt", StringComparison.Ordinal)))
            {
                console.Error.WriteLine($"{name}: [{p.Index}/{p.Total}] {p.Configuration} #{p.Iteration}: {p.State}");
            }
        });
        await using (ProgressLine.Start(console, request.Quiet, () => Render(latest)))
        {
            try
            {
                await running.RunAsync(directory, stamp, reporter, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await console.Error.WriteLineAsync($"{name}: interrupted; what finished is in {directory}; run the same command again to resume").ConfigureAwait(false);
                return ExitCodes.Interrupted;
            }
        }

        var index = RunIndex.Open(directory).Entries;
        var copies = request.Parquet ? DatasetParquet.Write(directory) : [];
        if (request.Json)
        {
            var outcome = new
            {
                directory, rows = index.Count(e => e.Status == RunStatus.Ok), skipped = index.Count(e => e.Status == RunStatus.Skipped),
                predicted_overloaded = index.Count(e => e.Status == RunStatus.Predicted), failed_iterations = index.Count(e => e.Status == RunStatus.Failed),
                manifest = Path.Combine(directory, SamplingManifest.FileName), index = Path.Combine(directory, RunIndex.FileName), parquet = copies,
            };
            await console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(outcome)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name}: done: {index.Count(e => e.Status == RunStatus.Ok)} rows, {index.Count(e => e.Status == RunStatus.Skipped)} skipped, {index.Count(e => e.Status == RunStatus.Predicted)} predicted overloaded, " +
            $"{index.Count(e => e.Status == RunStatus.Failed)} failed iterations; {directory}{(copies.Count > 0 ? $" (and {copies.Count} Parquet file(s))" : "")}")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> DryRunAsync(CliConsole console, SamplingPlan plan, SamplingOptions options, string directory)
    {
        var preview = SamplingPreview.Of(options, plan, directory);
        var o = console.Out;
        await o.WriteLineAsync($"{plan.Tuples.Count} function combination(s) × {plan.Rates.Count} rates ({plan.Rates[0]}..{plan.Rates[^1]} req/s): {plan.Count} configurations, {options.Iterations} iteration(s) each").ConfigureAwait(false);
        await o.WriteLineAsync($"already done in {directory}: {preview.Done}; skipped now by history ({options.Skip.ToString().ToLowerInvariant()} rule): {preview.Skipped}; to run: {preview.ToRun} ({preview.IterationsLeft} iterations)").ConfigureAwait(false);
        await o.WriteLineAsync($"more may be skipped as overloads appear; expected duration at most {DurationText.Format(preview.MostTime)} ({DurationText.Format(preview.PerIteration)} per iteration: warm-up, attack, measurement, about 10 s of rest)").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string Render(SamplerProgress? p)
    {
        if (p is null) return "starting";
        var success = p.LastSuccess is { } s ? string.Create(CultureInfo.InvariantCulture, $" | last success {s:P1}") : "";
        var eta = p.Eta is { } e ? " | ETA " + DurationText.Format(e) : "";
        return string.Create(CultureInfo.InvariantCulture, $"[{p.Index}/{p.Total}] {p.Configuration} #{p.Iteration} {p.State}{success}{eta}");
    }

    private static string Describe(SamplingGrid g) =>
        $"functions {string.Join(",", g.Functions)}, sizes {g.MinFunctions}..{g.MaxFunctions}, rates {g.Rates[0]}..{g.Rates[^1]}, {g.Iterations} iterations, {g.DurationSeconds} s";

    private static TimeSpan Duration(string text, string option, bool positive) => DurationOption.Parse(option, text, allowZero: !positive);


    private sealed class Progress(Action<SamplerProgress> report) : IProgress<SamplerProgress>
    {
        public void Report(SamplerProgress value) => report(value);
    }
}
