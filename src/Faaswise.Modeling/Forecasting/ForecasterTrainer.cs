using System.Globalization;
using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.LightGbm;
using Faaswise.Modeling.Profiling;

namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// The System Forecaster: per target a LightGBM point model and 0.05/0.95 quantile models, and an overload
/// classifier; everything fitted on the training split only, then scored on the held-out rows.
/// </summary>
public static class ForecasterTrainer
{
    /// <summary>Trains on a dataset.</summary>
    /// <exception cref="FormatException">The options do not fit the data (a function in no group, too few rows).</exception>
    public static TrainingResult Train(Dataset data, TrainingOptions options, string toolVersion, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var rows = data.Rows;
        if (rows.Count < 10) throw new FormatException($"{data.Directory}: {rows.Count} readable rows are too few to train on");
        if (options.Groups is { } groupList)
        {
            var missing = data.Functions.Where(f => groupList.GroupOf(f) is null).ToArray();
            if (missing.Length > 0) throw new FormatException($"functions in no group: {string.Join(", ", missing)} (add them with faaswise assign, or train without --groups)");
        }

        var replaced = 0;
        if (options.DfaasOutlierRule) (rows, replaced) = OutlierRule.Apply(rows);
        rows = OverloadLabels.Apply(rows, options.OverloadLabel);

        var features = Features(data, options);
        var targets = Targets(data, options);
        var spec = new SplitSpec(options.Split, options.Holdout);
        var split = DatasetSplit.Create(rows, options.Split, options.TestFraction, options.Seed, options.Holdout);
        if (split.Train.Length == 0 || split.Test.Length == 0) throw new FormatException("the split left no training or no test rows: give more runs");
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count} rows from {data.Runs.Count} runs, functions {string.Join(", ", data.Functions)}: {split.Train.Length} for training, {split.Test.Length} for testing ({spec} split, seed {options.Seed})"));

        var trainRows = split.Train.Select(i => rows[i]).ToArray();
        if (options.Demand) features = WithDemand(features, trainRows, options.Profiles, options.DemandByClass, progress);
        if (options.PerCore) features = WithLoadPerCore(features);
        var raw = trainRows.Select(r => features.Select(f => f.ValueOf(r)).ToArray()).ToArray();
        var scaler = options.Scale ? MinMaxScaler.Fit(raw) : null;
        var columns = features.Length;
        var x = new float[raw.Length * columns];
        for (var i = 0; i < raw.Length; i++)
        {
            for (var c = 0; c < columns; c++) x[i * columns + c] = (float)(scaler is null ? raw[i][c] : scaler.Transform(c, raw[i][c]));
        }

        var booster = options.Booster with { Seed = options.Seed };
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<TargetEntry>();
        var calibration = options.Quantiles && options.Conformal ? CalibrationFolds(trainRows, options.Split, options.Seed) : null;
        if (options.Quantiles && options.Conformal)
        {
            progress?.Invoke(calibration is { } cf
                ? $"quantile intervals conformalised out of fold: {cf.Max() + 1} folds of whole {(CalibratesByMix(options.Split) ? "function mixes" : "runs")}, each scored by quantile models fitted on the others"
                : "too few training runs or mixes to hold some out for conformal calibration: quantile intervals are the models' own");
        }

        using var calibrationSets = calibration is null ? null : new CalibrationFoldSets(calibration, x, columns, booster);
        using (var dataset = LightGbmDataset.Create(x, columns, booster))
        {
            foreach (var target in targets)
            {
                progress?.Invoke($"training {target.Name}");
                var overBaseline = options.NodeTargetsOverBaseline && options.BaselineFeatures && target.IsNode;
                var demandColumn = options.DemandBackbone ? DemandColumn(features, target) : -1;
                var demand = raw.Select(r => demandColumn < 0 ? 0 : r[demandColumn]).ToArray();
                var values = trainRows.Select(target.ValueOf).ToArray();
                var relative = trainRows.Select((r, i) => values[i] - (overBaseline ? target.BaselineOf(r) : 0) - demand[i]).ToArray();
                var transform = new TargetTransform(overBaseline, options.Scale, relative.Min(), relative.Max()) { OverDemand = demandColumn >= 0 };
                var targetLabels = trainRows.Select((r, i) => (float)transform.ToLabel(values[i], target.BaselineOf(r), demand[i])).ToArray();
                dataset.SetLabel(targetLabels);
                var stem = $"models/{target.Name}";
                var shaped = Shaped(booster, features, columns, options, target.IsNode, Usable(features, target.Kind is TargetKind.NodeCpu or TargetKind.NodePower));
                files[$"{stem}/regression.txt"] = TrainOne(dataset, LightGbmObjective.Regression, shaped, 0.5);
                IReadOnlyDictionary<string, double>? margins = null;
                if (options.Quantiles)
                {
                    var quantile = shaped with { Monotone = null }; // LightGBM refuses monotone constraints with the quantile objective
                    files[$"{stem}/quantile005.txt"] = TrainOne(dataset, LightGbmObjective.Quantile, quantile, 0.05);
                    files[$"{stem}/quantile095.txt"] = TrainOne(dataset, LightGbmObjective.Quantile, quantile, 0.95);
                    if (calibrationSets is not null)
                    {
                        margins = Calibrate(calibrationSets, quantile, transform, target, trainRows, values, demand, targetLabels);
                    }
                }

                entries.Add(new TargetEntry(target, transform, $"{stem}/regression.txt",
                    options.Quantiles ? $"{stem}/quantile005.txt" : null, options.Quantiles ? $"{stem}/quantile095.txt" : null, values.Min(), values.Max(), margins));
            }
        }

        progress?.Invoke("training overloaded_node");
        var labels = trainRows.Select(r => r.Measured.Overloaded).ToArray();
        var nodeColumn = Array.FindIndex(features, f => f.Source is FeatureSource.NodeCores or FeatureSource.NodeType);
        var classifierColumns = options.ClassifierBaselines ? columns : features.Count(f => !f.IsBaseline);
        var leading = Leading(x, columns, classifierColumns);
        var classifierBooster = Shaped(booster, features, classifierColumns, options, true, Usable(features, false, classifier: true));
        string Classifier(float[] inputs, bool[] truth)
        {
            var (cx, cy) = options.Smote ? Smote.Balance(inputs, truth, classifierColumns, nodeColumn, options.Seed) : (inputs, truth);
            using var classes = LightGbmDataset.Create(cx, classifierColumns, booster);
            classes.SetLabel(cy.Select(l => l ? 1f : 0f).ToArray());
            return TrainOne(classes, LightGbmObjective.Binary, classifierBooster, 0.5);
        }

        files["models/overloaded_node/classifier.txt"] = Classifier(leading, labels);
        var threshold = 0.5;
        if (options.TuneThreshold && RunFolds(trainRows, ThresholdFolds, options.Seed) is { } folds)
        {
            var probabilities = new double[trainRows.Length];
            for (var fold = 0; fold < ThresholdFolds; fold++)
            {
                var fit = Enumerable.Range(0, trainRows.Length).Where(i => folds[i] != fold).ToArray();
                var fitted = TreeEnsemble.Parse(Classifier(Pick(leading, classifierColumns, fit), fit.Select(i => labels[i]).ToArray()));
                for (var i = 0; i < trainRows.Length; i++)
                {
                    if (folds[i] == fold) probabilities[i] = fitted.Predict(leading.AsSpan(i * classifierColumns, classifierColumns));
                }
            }

            threshold = ClassificationScore.BestThreshold(labels, probabilities);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"overload threshold {threshold:F2}: the best F1 over {ThresholdFolds} folds of training runs, each scored by a classifier fitted on the others"));
        }

        var manifest = new ModelManifest
        {
            ToolVersion = toolVersion,
            Created = DateTimeOffset.UtcNow,
            Data = data.Directory,
            Protocol = new ProtocolDescription(
                spec.ToString(), options.TestFraction, options.Seed, options.DfaasOutlierRule, options.Scale, options.Smote,
                split.Train.Length, split.Test.Length, split.TestRuns,
                booster.ToNative(LightGbmObjective.Regression).Replace("objective=regression alpha=0.5 ", "", StringComparison.Ordinal),
                trainRows.Select(r => RunName(r.Run)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()),
            Features = features.Select((f, c) => new FeatureDomain(f, raw.Min(r => r[c]), raw.Max(r => r[c]))).ToArray(),
            FeatureScaler = scaler,
            Targets = entries,
            Classifier = "models/overloaded_node/classifier.txt",
            ClassifierFeatures = classifierColumns,
            OverloadThreshold = threshold,
            OverloadLabel = OverloadLabels.Name(options.OverloadLabel),
            Nodes = NodeDefaultsOf(trainRows),
            NodeCpuMaxShare = Math.Min(1, trainRows.Max(r => r.Measured.Cpu / (100.0 * r.Node.Cores))),
            Groups = options.Groups is { } g ? g.Names.ToDictionary(n => n, n => g[n]) : null,
            Checksums = new Dictionary<string, string>(),
        };

        progress?.Invoke("scoring the test split");
        var model = new ForecastModel(manifest, path => files[path]);
        var test = ForecastEvaluator.Evaluate(model, split.Test.Select(i => rows[i]).ToArray());
        return new TrainingResult(manifest, files, test, split.Purged, replaced);
    }

    private const int ThresholdFolds = 5;

    /// <summary>Each row's fold: the runs of each node class dealt round-robin in a seeded order; null with fewer runs than folds.</summary>
    private static int[]? RunFolds(SampleRow[] rows, int folds, int seed)
    {
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
#pragma warning disable CA5394 // seeded for reproducibility, not security
        var random = new Random(seed + 2);
        foreach (var node in rows.GroupBy(r => r.Node.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var runs = node.Select(r => r.Run).Distinct().Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(runs);
            var offset = foldOf.Count; // classes continue the deal, so a class of few runs does not always fill fold 0
            for (var i = 0; i < runs.Length; i++) foldOf[runs[i]] = (offset + i) % folds;
        }
#pragma warning restore CA5394
        return foldOf.Values.Distinct().Count() < folds ? null : rows.Select(r => foldOf[r.Run]).ToArray();
    }

    private const int CalibrationFoldCount = 5;

    /// <summary>
    /// Each training row's calibration fold, whole units dealt in a seeded order as the protocol holds out its test rows:
    /// function mixes for the mix, function and node-class protocols (a question about what was never measured
    /// together), the runs of each node class otherwise; null when too few units.
    /// </summary>
    internal static int[]? CalibrationFolds(SampleRow[] trainRows, SplitProtocol protocol, int seed)
    {
        if (!CalibratesByMix(protocol))
        {
            var runs = trainRows.Select(r => r.Run).Distinct(StringComparer.Ordinal).Count();
            return runs < 2 ? null : RunFolds(trainRows, Math.Min(CalibrationFoldCount, runs), seed + 1);
        }

        var mixes = trainRows.Select(DatasetSplit.Mix).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (mixes.Length < 2) return null;
#pragma warning disable CA5394 // seeded for reproducibility, not security
        new Random(seed + 1).Shuffle(mixes);
#pragma warning restore CA5394
        var count = Math.Min(CalibrationFoldCount, mixes.Length);
        var foldOf = mixes.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i % count, StringComparer.Ordinal);
        return trainRows.Select(r => foldOf[DatasetSplit.Mix(r)]).ToArray();
    }

    private static bool CalibratesByMix(SplitProtocol protocol) => protocol is SplitProtocol.Mix or SplitProtocol.Function or SplitProtocol.NodeClass;

    /// <summary>
    /// Cross-conformal margins: every training row's q05..q95 interval comes from quantile models fitted on the other
    /// folds, so every unit calibrates, not a fifth of them.
    /// </summary>
    private static Dictionary<string, double> Calibrate(
        CalibrationFoldSets folds, LightGbmParameters quantile, TargetTransform transform, Target target, SampleRow[] trainRows, double[] values, double[] demand, float[] labels)
    {
        var low = new double[trainRows.Length];
        var high = new double[trainRows.Length];
        foreach (var (fold, fit, dataset) in folds.Sets)
        {
            dataset.SetLabel(fit.Select(i => labels[i]).ToArray());
            var q05 = TreeEnsemble.Parse(TrainOne(dataset, LightGbmObjective.Quantile, quantile, 0.05));
            var q95 = TreeEnsemble.Parse(TrainOne(dataset, LightGbmObjective.Quantile, quantile, 0.95));
            for (var i = 0; i < trainRows.Length; i++)
            {
                if (folds.FoldOf[i] != fold) continue;
                var row = folds.X.AsSpan(i * folds.Columns, folds.Columns);
                var baseline = target.BaselineOf(trainRows[i]);
                (low[i], high[i]) = ForecastModel.Interval(transform.FromLabel(q05.Predict(row), baseline, demand[i]), transform.FromLabel(q95.Predict(row), baseline, demand[i]), 0);
            }
        }

        return new Dictionary<string, double>(ConformalMargins.Fit(trainRows.Select(r => r.Node.Type).ToArray(), values, low, high), StringComparer.Ordinal);
    }

    /// <summary>One LightGBM dataset per calibration fold, of the training rows outside it (built once, relabelled per target).</summary>
    private sealed class CalibrationFoldSets : IDisposable
    {
        public CalibrationFoldSets(int[] foldOf, float[] x, int columns, LightGbmParameters booster)
        {
            (FoldOf, X, Columns) = (foldOf, x, columns);
            Sets = Enumerable.Range(0, foldOf.Max() + 1).Select(fold =>
            {
                var fit = Enumerable.Range(0, foldOf.Length).Where(i => foldOf[i] != fold).ToArray();
                return (fold, fit, LightGbmDataset.Create(Pick(x, columns, fit), columns, booster));
            }).ToArray();
        }

        public int[] FoldOf { get; }

        public float[] X { get; }

        public int Columns { get; }

        public (int Fold, int[] Fit, LightGbmDataset Dataset)[] Sets { get; }

        public void Dispose()
        {
            foreach (var set in Sets) set.Dataset.Dispose();
        }
    }

    /// <summary>The booster with the structure the options ask for, over the first <paramref name="columns"/> features.</summary>
    private static LightGbmParameters Shaped(LightGbmParameters booster, Feature[] features, int columns, TrainingOptions options, bool monotone, bool[] usable)
    {
        var allowed = Enumerable.Range(0, columns).Where(c => usable[c]).ToArray();
        var shared = allowed.Where(c => !features[c].IsRate).ToArray();
        // LightGBM splits only on the columns of some interaction set: one set of every usable column leaves the rest out.
        var sets = options.Additive
            ? allowed.Where(c => features[c].IsRate).Select(c => (IReadOnlyList<int>)[c, .. shared]).ToArray()
            : allowed.Length < columns ? [allowed] : null;
        var rising = options.Monotone && monotone ? Enumerable.Range(0, columns).Select(c => features[c].IsRate || features[c].IsDemand || features[c].IsPerCore ? 1 : 0).ToArray() : null;
        return booster with { InteractionSets = sets, Monotone = rising };
    }

    private static float[] Pick(float[] x, int columns, int[] rows)
    {
        var result = new float[rows.Length * columns];
        for (var k = 0; k < rows.Length; k++) x.AsSpan(rows[k] * columns, columns).CopyTo(result.AsSpan(k * columns, columns));
        return result;
    }

    private static float[] Leading(float[] x, int columns, int keep)
    {
        if (keep == columns) return x;
        var rows = x.Length / columns;
        var result = new float[rows * keep];
        for (var i = 0; i < rows; i++) x.AsSpan(i * columns, keep).CopyTo(result.AsSpan(i * keep, keep));
        return result;
    }

    private static string TrainOne(LightGbmDataset dataset, LightGbmObjective objective, LightGbmParameters parameters, double alpha)
    {
        using var trained = LightGbmBooster.Train(dataset, objective, parameters, alpha);
        return trained.ToModelString();
    }

    private static Feature[] Features(Dataset data, TrainingOptions options)
    {
        var rates = options.Groups is { } groups
            ? groups.Names.Select(g => Feature.GroupRate(g, groups[g]))
            : data.Functions.Select(Feature.FunctionRate);
        return [.. rates, options.NodeCores ? Feature.NodeCores : Feature.NodeType, .. options.BaselineFeatures ? Feature.Baselines : []];
    }

    /// <summary>The column of the demand feature a node target sits on, or -1 (other targets, or no demand features).</summary>
    internal static int DemandColumn(IReadOnlyList<Feature> features, Target target)
    {
        var source = target.Kind switch
        {
            TargetKind.NodeCpu => FeatureSource.DemandCpu,
            TargetKind.NodeRam => FeatureSource.DemandRam,
            TargetKind.NodePower => FeatureSource.DemandPower,
            _ => (FeatureSource?)null,
        };
        if (source is null) return -1;
        // The class's own demand where the model has it: the node CPU and power models split on that one.
        var own = ByClassOf(source.Value) is { } byClass ? IndexOf(features, byClass) : -1;
        return own >= 0 ? own : IndexOf(features, source.Value);
    }

    /// <summary>The features with the three demand features inserted before the idle baselines.</summary>
    /// <summary>Each rate, and the pooled CPU demand, over the node's cores, placed before the baselines (the classifier reads them).</summary>
    private static Feature[] WithLoadPerCore(Feature[] features)
    {
        var demand = features.FirstOrDefault(f => f.Source == FeatureSource.DemandCpu);
        return BeforeBaselines(features, [.. features.Where(f => f.IsRate).Select(Feature.PerCore), .. demand is null ? [] : new[] { Feature.UtilisationOf(demand) }]);
    }

    // Derived features go before the baselines: the overload classifier reads the columns up to the first baseline.
    private static Feature[] BeforeBaselines(Feature[] features, IEnumerable<Feature> inserted)
    {
        var firstBaseline = Array.FindIndex(features, f => f.IsBaseline);
        var at = firstBaseline < 0 ? features.Length : firstBaseline;
        return [.. features[..at], .. inserted, .. features[at..]];
    }

    private static Feature[] WithDemand(Feature[] features, SampleRow[] trainRows, IReadOnlyList<ProfileRow>? profiles, bool byClass, Action<string>? progress)
    {
        var rates = features.Where(f => f.IsRate).ToArray();
        var fromProfiles = new HashSet<string>(StringComparer.Ordinal);
        (FeatureSource Source, Func<FunctionMeasurement, double> Usage, int ProfileMetric)[] kinds =
        [
            (FeatureSource.DemandCpu, m => m.CpuUsage, 1),
            (FeatureSource.DemandRam, m => m.RamUsage, 2),
            (FeatureSource.DemandPower, m => m.PowerUsage, 3),
        ];
        var common = kinds.Select(k => DemandFit.Terms(rates, trainRows, profiles, k.Usage, k.ProfileMetric, fromProfiles)).ToArray();
        var demand = kinds.Select((k, i) => Feature.Demand(k.Source, common[i])).ToList();
        for (var i = 0; i < kinds.Length && byClass; i++)
        {
            if (ByClassOf(kinds[i].Source) is not { } source) continue;
            var own = DemandFit.ClassTerms(rates, trainRows, profiles, kinds[i].Usage, kinds[i].ProfileMetric, common[i]);
            if (own.Count > 0) demand.Add(Feature.Demand(source, [.. common[i], .. own]));
        }

        if (fromProfiles.Count > 0) progress?.Invoke($"demand of {string.Join(", ", fromProfiles)} from profiles: no training row loads them");
        var scaled = demand.Where(f => f.Source == FeatureSource.DemandCpuByClass).SelectMany(f => f.Terms!).Where(t => t.Node is not null).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Rate} on {t.Node} ({t.From} x{t.Factor:0.00})")).ToArray();
        if (scaled.Length > 0) progress?.Invoke($"CPU demand of functions a node class ran in fewer than {DemandFit.MinClassRows} training rows, scaled by the class's usage per request: {string.Join(", ", scaled)}");
        return BeforeBaselines(features, demand);
    }

    private static int IndexOf(IReadOnlyList<Feature> features, FeatureSource source)
    {
        for (var c = 0; c < features.Count; c++)
        {
            if (features[c].Source == source) return c;
        }

        return -1;
    }

    // Per-request CPU cost (and the power it draws) differs between node classes; memory and overload do not follow it.
    private static FeatureSource? ByClassOf(FeatureSource source) => source switch
    {
        FeatureSource.DemandCpu => FeatureSource.DemandCpuByClass,
        FeatureSource.DemandPower => FeatureSource.DemandPowerByClass,
        _ => null,
    };

    /// <summary>
    /// The columns a model may split on: node CPU and power models use a class's own demand in place of the pooled one
    /// where the model has it, every other model the pooled demand only. The two differ only on a class that never ran a
    /// function, which no training row shows, so a model given both would pick between them by chance. Load per core
    /// is the overload classifier's only.
    /// </summary>
    internal static bool[] Usable(IReadOnlyList<Feature> features, bool byClass, bool classifier = false)
    {
        var present = features.Select(f => f.Source).ToHashSet();
        return features.Select(f => f.Source switch
        {
            FeatureSource.RatePerCore or FeatureSource.DemandCpuPerCore => classifier,
            FeatureSource.DemandCpuByClass or FeatureSource.DemandPowerByClass => byClass,
            var s when ByClassOf(s) is { } own && present.Contains(own) => !byClass,
            _ => true,
        }).ToArray();
    }

    private static Target[] Targets(Dataset data, TrainingOptions options)
    {
        var usage = options.Groups is { } groups
            ? groups.Names.SelectMany(g => Target.Usage(g, groups[g]))
            : data.Functions.SelectMany(f => Target.Usage($"function_{f}", [f]));
        return [.. Target.Node, .. usage];
    }

    private static NodeDefaults[] NodeDefaultsOf(IEnumerable<SampleRow> rows) =>
        rows.GroupBy(r => r.Node.Type).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new NodeDefaults(
            g.Key, g.First().Node.Cores, g.First().Node.DfaasCode,
            new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["cpu_usage_idle_node"] = Median(g.Select(r => r.Measured.CpuIdle)),
                ["ram_usage_idle_node"] = Median(g.Select(r => r.Measured.RamIdle)),
                ["power_usage_idle_node"] = Median(g.Select(r => r.Measured.PowerIdle)),
            })).ToArray();

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// A run as the manifest records it: its file name, which carries the sampler's time stamp, so a run is recognised
    /// whichever folder above it a later command is given.
    /// </summary>
    public static string RunName(string run) => Path.GetFileName(run);
}
