using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling.LightGbm;
using Faaswise.Modeling.Profiling;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise train</c>: the System Forecaster.</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string>("--data") { Description = "Dataset directory: DFaaS output (LIGHT/MID/HEAVY folders) or faaswise sample's", Required = true };
        var output = new Option<string>("--out") { Description = "Model directory to write (replaced atomically)", Required = true };
        var groups = new Option<string?>("--groups") { Description = "group_list.json: per-group rate features and targets [default: one rate per function]" };
        var split = new Option<string>("--split") { Description = "grouped: hold out whole runs (files); mix: whole function mixes; node-class:CLASS (e.g. node-class:MID): one node class; function:NAME: every row loading one function; random: DFaaS's shuffled rows", DefaultValueFactory = _ => "grouped" };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, SMOTE and LightGBM", DefaultValueFactory = _ => 42 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out for testing", DefaultValueFactory = _ => 0.25 };
        var preset = new Option<string?>("--preset") { Description = "dfaas: DFaaS's groups notebook (random split, its outlier rule, scaling, node_type, no baselines); needs --groups" };
        var outliers = new Option<string>("--outliers") { Description = "none, or dfaas: DFaaS's rule (iterations beyond mean ± 1 std replaced by the mean, before the split)", DefaultValueFactory = _ => "none" };
        var scale = new Option<bool>("--scale") { Description = "Min-max scale features and targets (fitted on the training split)" };
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Leave out the node's idle CPU/RAM/power features (and baseline-relative node targets)" };
        var nodeFeature = new Option<string>("--node-feature") { Description = "cores, or type (DFaaS's node_type code)", DefaultValueFactory = _ => "cores" };
        var smote = new Option<bool>("--smote") { Description = "Balance the overload classifier's training split with SMOTE-NC, as DFaaS does (default: off, so the overload probability stays calibrated; on in --preset dfaas)" };
        var noQuantiles = new Option<bool>("--no-quantiles") { Description = "Skip the 0.05/0.95 quantile models" };
        var noConformal = new Option<bool>("--no-conformal") { Description = "Keep the quantile models' own q05..q95 interval instead of conformalising it per node class on 5 folds of whole training runs (or function mixes)" };
        var structure = new Option<string>("--structure") { Description = "trees: trees over every rate; additive: a sum over functions (each tree splits on one rate and the node's columns), for mixes never sampled", DefaultValueFactory = _ => "trees" };
        var noDemand = new Option<bool>("--no-demand") { Description = "Leave out the utilisation-law features (CPU, RAM and power the rates demand, from each function's usage curve)" };
        var profiles = new Option<string?>("--profiles") { Description = "Profile CSVs (faaswise profile's): the demand curve of a function no training row loads, and the curve a node class that never ran a function scales" };
        var pooledDemand = new Option<bool>("--pooled-demand") { Description = "One demand curve per function for every node class, also on a class that never ran it (default: such a class scales the function's profile, or its pooled curve, by its own usage per request)" };
        var overloadLabel = new Option<string>("--overload-label") { Description = "What overloaded means: iteration (the row's flag), majority (more than half of the configuration's iterations in the run, the sampler's own rule) or every (all of them, as DFaaS's notebook)", DefaultValueFactory = _ => "iteration" };
        var demandAs = new Option<string>("--demand-as") { Description = "feature: the demand is an input the trees may use; offset: node targets are learned as the gap to it (the law as backbone, the trees its correction)", DefaultValueFactory = _ => "feature" };
        var noPerCore = new Option<bool>("--no-per-core") { Description = "Leave out the overload classifier's load per core (each rate, and the CPU demand, over the node's cores; default: on, as a function saturates at about the same requests/s per core on every node size)" };
        var noMonotone = new Option<bool>("--no-monotone") { Description = "Let node targets and the overload probability fall as a rate rises (default: they may only rise, as physics says)" };
        var iterations = new Option<int>("--iterations") { Description = "Boosting iterations per model", DefaultValueFactory = _ => 100 };
        var minLeafRows = new Option<int>("--min-leaf-rows") { Description = "Fewest rows in a tree leaf (LightGBM's min_data_in_leaf); lower it for datasets of a few dozen rows", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "LightGBM threads; 0 uses every core", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the test scores as JSON (faaswise evaluate's format)" };
        var repeats = new Option<int>("--repeats") { Description = "Repeated cross-validation: also train and score on the next N-1 split seeds (--seed, --seed+1, ...) and report each node target's R², the idle baseline's, q05..q95 coverage, overload F1 and Brier, per node class too, as mean ± 95 % t-interval (the model written is --seed's); grouped, mix or random splits", DefaultValueFactory = _ => 1 };
        var command = new Command("train", "Train forecasters of node CPU, RAM, power and overload from request rates (DFaaS's System Forecaster), scored on held-out runs.")
        {
            data, output, groups, split, seed, testFraction, preset, outliers, scale, noBaseline, nodeFeature, smote, noQuantiles, noConformal, noDemand, profiles, pooledDemand, noPerCore, structure, noMonotone, overloadLabel, demandAs, iterations, minLeafRows, threads, json, repeats,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var groupList = parse.GetValue(groups) is { } g ? GroupList.Read(g) : null;
            var options = parse.GetValue(preset) switch
            {
                null => new TrainingOptions { Groups = groupList },
                "dfaas" => TrainingOptions.Dfaas(groupList ?? throw new UsageException("--preset dfaas needs --groups (DFaaS trained on group rates)")),
                var other => throw new UsageException($"--preset must be dfaas (got '{other}')"),
            };
            options = Override(parse, options, split, seed, testFraction, outliers, scale, noBaseline, nodeFeature, smote, noQuantiles, iterations, minLeafRows, threads);
            if (parse.GetValue(noConformal)) options = options with { Conformal = false };
            if (parse.GetValue(noMonotone)) options = options with { Monotone = false };
            if (parse.GetValue(noDemand)) options = options with { Demand = false };
            if (parse.GetValue(noPerCore)) options = options with { PerCore = false };
            if (parse.GetValue(pooledDemand)) options = options with { DemandByClass = false };
            options = options with
            {
                DemandBackbone = parse.GetValue(demandAs) switch { "feature" => false, "offset" => true, var s => throw new UsageException($"--demand-as must be feature or offset (got '{s}')") },
            };
            if (options.DemandBackbone && !options.Demand) throw new UsageException("--demand-as offset needs the demand features: leave out --no-demand");
            if (parse.GetResult(overloadLabel) is { Implicit: false })
            {
                try
                {
                    options = options with { OverloadLabel = OverloadLabels.Parse(parse.GetValue(overloadLabel)!) };
                }
                catch (FormatException e)
                {
                    throw new UsageException($"--overload-label: {e.Message}");
                }
            }
            if (parse.GetValue(profiles) is { } profileDir) options = options with { Profiles = ProfileLoader.Load(profileDir) };
            if (parse.GetResult(structure) is { Implicit: false })
            {
                options = options with
                {
                    Additive = parse.GetValue(structure) switch { "trees" => false, "additive" => true, var s => throw new UsageException($"--structure must be trees or additive (got '{s}')") },
                };
            }

            var repeatCount = parse.GetValue(repeats);
            if (repeatCount < 1) throw new UsageException($"--repeats must be 1 or more (got {repeatCount})");
            if (repeatCount > 1 && options.Split is SplitProtocol.NodeClass or SplitProtocol.Function)
            {
                throw new UsageException($"--repeats needs a split the seed draws (grouped, mix or random): {new SplitSpec(options.Split, options.Holdout)} holds out the same rows at every seed");
            }

            return await RunAsync(new TrainRequest(parse.GetValue(data)!, Path.GetFullPath(parse.GetValue(output)!), options, parse.GetValue(json), repeatCount), console).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Trains, scores on held-out runs and saves the model: what <c>train</c> does once its options are parsed.</summary>
    internal static async Task<int> RunAsync(TrainRequest request, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var dataset = DatasetLoader.Load(request.Data);
        await ReportIssuesAsync(console, dataset).ConfigureAwait(false);
        var result = ForecasterTrainer.Train(dataset, request.Options, SelfCommand.Version, line => console.Error.WriteLine($"train: {line}"));
        var path = request.Out;
        ModelDirectory.Save(result, path);
        var test = result.Test;
        if (request.Repeats > 1)
        {
            var seeds = Enumerable.Range(0, request.Repeats).Select(k => request.Options.Seed + k).ToArray();
            var reports = new List<EvaluationReport> { result.Test };
            foreach (var seed in seeds.Skip(1))
            {
                await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"train: repeat {reports.Count + 1} of {seeds.Length}, split seed {seed}")).ConfigureAwait(false);
                reports.Add(ForecasterTrainer.Train(dataset, request.Options with { Seed = seed }, SelfCommand.Version).Test);
            }

            test = test with { Repeated = RepeatedScores.Of(new SplitSpec(request.Options.Split, request.Options.Holdout).ToString(), seeds, reports) };
        }

        clock.Stop();

        if (request.Json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(test, Modeling.ModelingJson.Compact)).ConfigureAwait(false);
        }
        else
        {
            await console.Out.WriteAsync(MetricsMarkdown.Render(result)).ConfigureAwait(false);
            await console.Out.WriteLineAsync().ConfigureAwait(false);
            if (test.Repeated is { } repeated) await console.Out.WriteLineAsync(repeated.ToMarkdown()).ConfigureAwait(false);
        }

        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"train: wrote {path} in {clock.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    internal static async Task ReportIssuesAsync(CliConsole console, Dataset dataset)
    {
        foreach (var issue in dataset.Issues) await console.Error.WriteLineAsync($"warning: skipped malformed row {issue}").ConfigureAwait(false);
    }

    private static TrainingOptions Override(
        ParseResult parse, TrainingOptions options, Option<string> split, Option<int> seed, Option<double> testFraction, Option<string> outliers, Option<bool> scale,
        Option<bool> noBaseline, Option<string> nodeFeature, Option<bool> smote, Option<bool> noQuantiles, Option<int> iterations, Option<int> minLeafRows, Option<int> threads)
    {
        bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
        if (Given(split))
        {
            SplitSpec spec;
            try
            {
                spec = SplitSpec.Parse(parse.GetValue(split)!);
            }
            catch (FormatException e)
            {
                throw new UsageException($"--split: {e.Message}");
            }

            options = options with { Split = spec.Protocol, Holdout = spec.Holdout };
        }

        if (Given(outliers))
        {
            options = options with
            {
                DfaasOutlierRule = parse.GetValue(outliers) switch { "none" => false, "dfaas" => true, var s => throw new UsageException($"--outliers must be none or dfaas (got '{s}')") },
            };
        }

        if (Given(nodeFeature))
        {
            options = options with
            {
                NodeCores = parse.GetValue(nodeFeature) switch { "cores" => true, "type" => false, var s => throw new UsageException($"--node-feature must be cores or type (got '{s}')") },
            };
        }

        var fraction = parse.GetValue(testFraction);
        if (fraction is <= 0 or >= 1) throw new UsageException($"--test-fraction must be between 0 and 1 (got {fraction})");
        if (parse.GetValue(iterations) < 1) throw new UsageException("--iterations must be ≥ 1");
        if (parse.GetValue(minLeafRows) < 1) throw new UsageException("--min-leaf-rows must be ≥ 1");
        return options with
        {
            Seed = parse.GetValue(seed),
            TestFraction = fraction,
            Scale = options.Scale || parse.GetValue(scale),
            BaselineFeatures = options.BaselineFeatures && !parse.GetValue(noBaseline),
            NodeTargetsOverBaseline = options.NodeTargetsOverBaseline && !parse.GetValue(noBaseline),
            Smote = options.Smote || parse.GetValue(smote),
            Quantiles = options.Quantiles && !parse.GetValue(noQuantiles),
            Booster = new LightGbmParameters { Iterations = parse.GetValue(iterations), MinRowsPerLeaf = parse.GetValue(minLeafRows), Threads = Math.Max(0, parse.GetValue(threads)) },
        };
    }
}

/// <summary>A training run as typed values: the dataset directory, the model directory to write, the options.</summary>
internal sealed record TrainRequest(string Data, string Out, TrainingOptions Options, bool Json = false, int Repeats = 1);
