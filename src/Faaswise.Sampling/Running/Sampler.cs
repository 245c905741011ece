using System.Globalization;
using Faaswise.Metrics;
using Faaswise.Sampling.Output;
using Faaswise.Sampling.Plan;
using Faaswise.Sampling.Rules;

namespace Faaswise.Sampling.Running;

/// <summary>
/// The Sampler Generator (and, with <see cref="SamplingOptions.Profile"/>, the Profiler): for each configuration, rest,
/// attack every function at once, measure a window that opens after the warm-up and closes with the attack, apply the
/// overload rules, and write the row then its index entry, each durably. A rerun with the same grid resumes at the
/// first incomplete configuration; a row whose index entry a kill prevented is indexed on the next start.
/// </summary>
public sealed class Sampler(SamplingOptions options, ISamplingPlatform platform, IMetricsSource metrics, ILoadDriver load, TimeProvider clock)
{
    /// <summary>The run's configurations.</summary>
    public SamplingPlan Plan { get; } = PlanFor(options);

    /// <summary>The configurations of a grid.</summary>
    /// <exception cref="ArgumentException">An impossible rate grid or combination size.</exception>
    public static SamplingPlan PlanFor(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SamplingPlan(
            FunctionCombinations.Generate(options.Functions, options.Profile ? 1 : options.MinFunctions, options.Profile ? 1 : options.MaxFunctions),
            RateGrid.Generate(options.MaxRate, options.MinRate, options.RateStep));
    }

    /// <summary>The grid recorded in (and checked against) a dataset's manifest.</summary>
    public static SamplingGrid GridFor(SamplingOptions options, SamplingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        return new SamplingGrid([.. options.Functions.Order(StringComparer.Ordinal)], options.Profile ? 1 : options.MinFunctions, options.Profile ? 1 : options.MaxFunctions,
            plan.Rates, options.Iterations, options.Duration.TotalSeconds, options.WarmUp.TotalSeconds, options.Skip.ToString().ToUpperInvariant(), options.Profile);
    }

    /// <summary>Runs (or resumes) into <paramref name="directory"/>, whose manifest must have been written.</summary>
    public async Task RunAsync(string directory, string stamp, IProgress<SamplerProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var index = RunIndex.Open(directory);
        if (options.Profile) Directory.CreateDirectory(Path.Combine(directory, "profiles"));
        Reconcile(directory, stamp, index);
        var decider = new SkipDecider(options.Skip, options.Iterations);
        var baseline = await metrics.NodeNowAsync(cancellation).ConfigureAwait(false);
        var started = clock.GetUtcNow();
        long done = 0, ranNow = 0;
        double? lastSuccess = null;
        var deployed = -1;
        foreach (var configuration in Plan.Configurations())
        {
            done++;
            var key = configuration.Key;
            if (index.Finished(key, options.Iterations)) continue;
            TimeSpan? Eta() => ranNow == 0 ? null : (clock.GetUtcNow() - started) / ranNow * ((Plan.Count - done + 1) * options.Iterations);
            void Report(int iteration, string state) => progress?.Report(new SamplerProgress(done, Plan.Count, key, iteration, state, lastSuccess, Eta()));

            if (index.Untouched(key))
            {
                var decision = decider.Decide(configuration, index.Entries);
                if (decision.Action != SkipAction.Run)
                {
                    var status = decision.Action == SkipAction.Skip ? RunStatus.Skipped : RunStatus.Predicted;
                    index.Add(new IndexEntry(configuration.Functions, configuration.Rates, true, true, "", 0, status));
                    if (decision.Action == SkipAction.Skip) WriteSkipped(directory, stamp, configuration, index);
                    Report(0, $"{RunStatuses.Format(status)}: {decision.Reason}");
                    continue;
                }
            }

            if (deployed != configuration.Tuple)
            {
                Report(0, "deploying " + string.Join(", ", configuration.Functions));
                await platform.EnsureDeployedAsync(configuration.Functions, cancellation).ConfigureAwait(false);
                deployed = configuration.Tuple;
            }

            var results = ResultsPath(directory, stamp, configuration);
            if (!File.Exists(results)) DurableLines.Append(results, ResultsFile.Header(configuration.Functions));
            for (var iteration = index.Completed(key) + 1; iteration <= options.Iterations; iteration++)
            {
                ResultRow? row = null;
                Exception? last = null;
                for (var attempt = 1; attempt <= options.Attempts && row is null; attempt++)
                {
                    try
                    {
                        row = await IterateAsync(configuration, iteration, baseline, state => Report(iteration, state), cancellation).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is MetricsException or RestTimeoutException or OpenFaas.Client.OpenFaasException or HttpRequestException or IOException or InvalidOperationException or TimeoutException
                        && !cancellation.IsCancellationRequested)
                    {
                        last = e;
                        Report(iteration, $"attempt {attempt} failed: {e.Message}");
                    }
                }

                if (row is null)
                {
                    index.Add(new IndexEntry(configuration.Functions, configuration.Rates, false, false, "", iteration, RunStatus.Failed));
                    Report(iteration, $"failed after {options.Attempts} attempts: {last?.Message}");
                    break;
                }

                DurableLines.Append(results, ResultsFile.Format(row));
                index.Add(new IndexEntry(configuration.Functions, configuration.Rates, row.NodeOverloaded, false, Path.GetFileName(results), iteration, RunStatus.Ok));
                if (options.Profile) ProfileCsv.WriteFrom(results, ProfilePath(directory, stamp, configuration.Functions[0]));
                lastSuccess = row.Functions.Average(f => f.Success);
                ranNow++;
            }

            var ok = index.Entries.Where(e => e.Key == key && e.Status == RunStatus.Ok).ToArray();
            decider.Ran(configuration, ok.Count(e => e.Overloaded) * 2 > options.Iterations);
        }
    }

    private async Task<ResultRow> IterateAsync(Configuration configuration, int iteration, NodeUsage baseline, Action<string> report, CancellationToken cancellation)
    {
        if (options.Rest.Enabled) report("resting");
        var (idle, restSeconds) = await Rest.WaitAsync(options.Rest, baseline, metrics, platform, configuration.Functions, clock, cancellation).ConfigureAwait(false);
        var targets = configuration.Functions.Select((f, i) => (f, Rate: configuration.Rates[i]))
            .Where(p => p.Rate > 0)
            .Select(p => new LoadTarget(p.f, platform.FunctionUrl(p.f), System.Text.Encoding.UTF8.GetBytes(options.Bodies.GetValueOrDefault(p.f, "")), p.Rate))
            .ToArray();
        report("attacking " + configuration.Key);
        var start = clock.GetUtcNow();
        var loads = await load.AttackAsync(targets, options.WarmUp + options.Duration, cancellation).ConfigureAwait(false);
        var end = clock.GetUtcNow();
        report("measuring");
        var usage = await metrics.WindowAsync(start + options.WarmUp, end, configuration.Functions, cancellation).ConfigureAwait(false);
        var replicas = await platform.ReplicasAsync(configuration.Functions, cancellation).ConfigureAwait(false);

        var functions = configuration.Functions.Select((f, i) =>
        {
            var rate = configuration.Rates[i];
            var result = rate > 0 && loads.TryGetValue(f, out var r) ? r : new LoadResult(1, 0, 0);
            var used = usage.Functions.GetValueOrDefault(f) ?? new FunctionMetrics(0, 0, 0);
            var count = replicas.GetValueOrDefault(f);
            return new FunctionResult(f, rate, result.Success, used.CpuPercent, used.RamBytes, used.PowerMicrowatts, count,
                options.Overload.FunctionOverloaded(result.Success, count), result.MeanLatencyNs);
        }).ToArray();
        var nodeOverloaded = options.Overload.NodeOverloaded(functions.Select(f => f.Success).ToArray(), usage.Node.CpuPercent, metrics.NodeCores, usage.Node.RamPercent,
            functions.Any(f => f.Overloaded));
        return new ResultRow(functions, idle, usage.Node, restSeconds, nodeOverloaded, start + options.WarmUp, end, iteration, metrics.NodeCores, metrics.NodeMemoryBytes, metrics.PowerSource);
    }

    private static string ResultsPath(string directory, string stamp, Configuration configuration) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"results-{stamp}-{configuration.Tuple}-{string.Join("-", configuration.Functions)}.csv"));

    private static string ProfilePath(string directory, string stamp, string function) => Path.Combine(directory, "profiles", $"results-{stamp}-{function}.csv");

    // The skipped file is a view of the index's skipped entries, rewritten whole: a kill can neither lose nor repeat a row.
    private static void WriteSkipped(string directory, string stamp, Configuration configuration, RunIndex index)
    {
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"skipped-{stamp}-{configuration.Tuple}-{string.Join("-", configuration.Functions)}.csv"));
        var rows = index.Entries.Where(e => e.Status == RunStatus.Skipped && e.Functions.SequenceEqual(configuration.Functions))
            .Select(e => string.Join(',', e.Functions.SelectMany((f, i) => new[] { f, e.Rates[i].ToString(CultureInfo.InvariantCulture) })));
        DurableLines.Replace(path, [string.Join(',', configuration.Functions.SelectMany(f => new[] { $"function_{f}", $"rate_function_{f}" })), .. rows]);
    }

    // A kill between a durable row and its index entry leaves a row the index does not know: index it now.
    private void Reconcile(string directory, string stamp, RunIndex index)
    {
        foreach (var file in Directory.GetFiles(directory, "results-*.csv").Order(StringComparer.Ordinal))
        {
            var lines = DurableLines.ReadAndRepair(file);
            if (lines.Count < 2) continue;
            var header = lines[0].Split(',');
            var functions = header.Where(h => h.StartsWith("function_", StringComparison.Ordinal)).Select(h => h["function_".Length..]).ToArray();
            var rateColumns = functions.Select(f => Array.IndexOf(header, $"rate_function_{f}")).ToArray();
            var overloaded = Array.IndexOf(header, "overloaded_node");
            var iterationColumn = Array.IndexOf(header, "iteration");
            foreach (var fields in lines.Skip(1).Select(l => l.Split(',')))
            {
                var rates = rateColumns.Select(c => int.Parse(fields[c], CultureInfo.InvariantCulture)).ToArray();
                var iteration = int.Parse(fields[iterationColumn], CultureInfo.InvariantCulture);
                var key = new Configuration(0, functions, rates).Key;
                if (!index.Entries.Any(e => e.Key == key && e.Iteration == iteration && e.Status == RunStatus.Ok))
                {
                    index.Add(new IndexEntry(functions, rates, fields[overloaded] == "1", false, Path.GetFileName(file), iteration, RunStatus.Ok));
                }
            }

            if (options.Profile && functions.Length == 1) ProfileCsv.WriteFrom(file, ProfilePath(directory, stamp, functions[0]));
        }

        foreach (var configuration in Plan.Configurations().Where(c => index.Entries.Any(e => e.Status == RunStatus.Skipped && e.Key == c.Key)).DistinctBy(c => c.Tuple))
        {
            WriteSkipped(directory, stamp, configuration, index);
        }
    }
}
