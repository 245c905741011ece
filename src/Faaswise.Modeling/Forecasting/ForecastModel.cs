using System.Globalization;
using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.LightGbm;

namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// A trained forecaster ready to predict: the manifest's features and transforms with one LightGBM tree ensemble per
/// target and quantile. Immutable: safe to use from any number of threads.
/// </summary>
public sealed class ForecastModel
{
    private readonly (TargetEntry Entry, TreeEnsemble Point, TreeEnsemble? Q05, TreeEnsemble? Q95)[] targets;
    private readonly TreeEnsemble? classifier;
    private readonly int[] baselineFeatureOf;
    private readonly int[] demandFeatureOf;
    private readonly Feature[] features;
    private readonly HashSet<string> fieldNames;
    private readonly Func<string, string> readModel;

    /// <summary>The manifest the model was built from.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Creates a model from its manifest and the LightGBM text of each file it names.</summary>
    public ForecastModel(ModelManifest manifest, Func<string, string> readModel)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(readModel);
        Manifest = manifest;
        this.readModel = readModel;
        targets = manifest.Targets.Select(t => (t,
            TreeEnsemble.Parse(readModel(t.Point)),
            t.Q05 is null ? null : TreeEnsemble.Parse(readModel(t.Q05)),
            t.Q95 is null ? null : TreeEnsemble.Parse(readModel(t.Q95)))).ToArray();
        classifier = manifest.Classifier is null ? null : TreeEnsemble.Parse(readModel(manifest.Classifier));
        baselineFeatureOf = manifest.Targets.Select(t => BaselineFeature(t.Target)).ToArray();
        features = manifest.Features.Select(f => f.Feature).ToArray();
        demandFeatureOf = manifest.Targets.Select(t => t.Transform.OverDemand ? ForecasterTrainer.DemandColumn(features, t.Target) : -1).ToArray();
        fieldNames = features.Where(f => !f.IsDemand && !f.IsPerCore).Select(f => f.Name).Concat(["node_type", "node_cores"]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Target names in model order.</summary>
    public IReadOnlyList<string> TargetNames => targets.Select(t => t.Entry.Target.Name).ToArray();

    /// <summary>The raw input of a dataset row.</summary>
    public double[] Inputs(SampleRow row) => Manifest.Features.Select(f => f.Feature.ValueOf(row)).ToArray();

    /// <summary>Predicts many rows at once (evaluation): per target the point and quantile values, and the overload probability.</summary>
    /// <param name="inputs">Raw inputs, one per row.</param>
    /// <param name="nodeClasses">Each row's node class, for the conformal margins of its intervals; null uses the margin over every class.</param>
    public BatchForecast PredictBatch(IReadOnlyList<double[]> inputs, IReadOnlyList<string>? nodeClasses = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var columns = Manifest.Features.Count;
        var encoded = new float[inputs.Count * columns];
        for (var i = 0; i < inputs.Count; i++) Encode(inputs[i], encoded.AsSpan(i * columns, columns));
        var result = new Dictionary<string, (double[] Point, double[]? Q05, double[]? Q95)>(StringComparer.Ordinal);
        for (var t = 0; t < targets.Length; t++)
        {
            var (entry, point, q05, q95) = targets[t];
            var (feature, demand) = (baselineFeatureOf[t], demandFeatureOf[t]);
            var caps = inputs.Select(i => CeilingOf(entry.Target, i)).ToArray();
            double[] Run(TreeEnsemble trees) =>
                Enumerable.Range(0, inputs.Count).Select(i => Physical(entry.Transform.FromLabel(
                    trees.Predict(encoded.AsSpan(i * columns, columns)), feature < 0 ? 0 : inputs[i][feature], demand < 0 ? 0 : inputs[i][demand]), caps[i])).ToArray();
            var (low, high) = (q05 is null ? null : Run(q05), q95 is null ? null : Run(q95));
            if (low is not null && high is not null)
            {
                for (var i = 0; i < inputs.Count; i++) (low[i], high[i]) = Interval(low[i], high[i], entry.MarginFor(nodeClasses?[i]), caps[i]);
            }

            result[entry.Target.Name] = (Run(point), low, high);
        }

        var overload = classifier is null ? null : Enumerable.Range(0, inputs.Count).Select(i => classifier.Predict(encoded.AsSpan(i * columns, classifier.Features))).ToArray();
        return new BatchForecast(result, overload);
    }

    /// <summary>Predicts one request: fields by name (feature names; node_type or node_cores; baselines optional).</summary>
    /// <exception cref="FormatException">An unknown field, a missing node, or a value that is not a finite number.</exception>
    public Forecast Predict(IReadOnlyDictionary<string, double> fields, IReadOnlyCollection<string>? only = null)
    {
        var (inputs, assumed, nodeClass) = Resolve(fields);
        Span<float> encoded = stackalloc float[inputs.Length];
        Encode(inputs, encoded);
        var predictions = new Dictionary<string, TargetForecast>(StringComparer.Ordinal);
        for (var t = 0; t < targets.Length; t++)
        {
            var (entry, point, q05, q95) = targets[t];
            if (only is not null && !only.Contains(entry.Target.Name)) continue;
            var baseline = baselineFeatureOf[t] < 0 ? 0 : inputs[baselineFeatureOf[t]];
            var demand = demandFeatureOf[t] < 0 ? 0 : inputs[demandFeatureOf[t]];
            var cap = CeilingOf(entry.Target, inputs);
            double? low = null, high = null;
            if (q05 is not null && q95 is not null)
            {
                (low, high) = Interval(entry.Transform.FromLabel(q05.Predict(encoded), baseline, demand), entry.Transform.FromLabel(q95.Predict(encoded), baseline, demand), entry.MarginFor(nodeClass), cap);
            }

            predictions[entry.Target.Name] = new TargetForecast(Physical(entry.Transform.FromLabel(point.Predict(encoded), baseline, demand), cap), low, high, entry.Target.Unit);
        }

        List<string>? outside = null;
        for (var i = 0; i < inputs.Length; i++)
        {
            var domain = Manifest.Features[i];
            if (domain.Feature.IsDemand || domain.Feature.IsPerCore) continue; // derived from the rates, which are flagged themselves
            if (inputs[i] < domain.Min || inputs[i] > domain.Max)
            {
                (outside ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"{domain.Feature.Name}={inputs[i]} ({domain.Min}..{domain.Max})"));
            }
        }

        var probability = only is null ? classifier?.Predict(encoded[..classifier.Features]) : null;
        return new Forecast(predictions, probability, outside is not null, outside ?? [], assumed, probability >= Manifest.OverloadThreshold);
    }

    /// <summary>
    /// Explains one request: for each node target and the overload classifier, the base value and each input's
    /// contribution (LightGBM's TreeSHAP, through the native library; the managed evaluator does not compute them).
    /// </summary>
    /// <exception cref="FormatException">As <see cref="Predict"/>.</exception>
    public IReadOnlyDictionary<string, Explanation> Explain(IReadOnlyDictionary<string, double> fields)
    {
        var (inputs, _, _) = Resolve(fields);
        var encoded = new float[inputs.Length];
        Encode(inputs, encoded);
        var names = features.Select(f => f.Name).ToArray();
        var result = new Dictionary<string, Explanation>(StringComparer.Ordinal);
        for (var t = 0; t < targets.Length; t++)
        {
            var entry = targets[t].Entry;
            if (!entry.Target.IsNode) continue;
            var baseline = baselineFeatureOf[t] < 0 ? 0 : inputs[baselineFeatureOf[t]];
            var demand = demandFeatureOf[t] < 0 ? 0 : inputs[demandFeatureOf[t]];
            var raw = Contributions(entry.Point, encoded);
            var slope = entry.Transform.Slope;
            result[entry.Target.Name] = Explained(entry.Target.Unit, entry.Transform.FromLabel(raw[^1], baseline, demand), raw, slope, names);
        }

        if (Manifest.Classifier is { } classifierFile)
        {
            var raw = Contributions(classifierFile, encoded.AsSpan(0, Manifest.ClassifierFeatures));
            result["overloaded_node"] = Explained("log-odds", raw[^1], raw, 1, names);
        }

        return result;
    }

    private double[] Contributions(string file, ReadOnlySpan<float> row)
    {
        using var booster = LightGbmBooster.FromModelString(readModel(file));
        return booster.Contributions(row);
    }

    private static Explanation Explained(string unit, double start, double[] raw, double slope, string[] names)
    {
        var contributions = Enumerable.Range(0, raw.Length - 1)
            .OrderByDescending(c => Math.Abs(raw[c]))
            .ToDictionary(c => names[c], c => raw[c] * slope, StringComparer.Ordinal);
        return new Explanation(unit, start, contributions, start + contributions.Values.Sum());
    }

    private (double[] Inputs, IReadOnlyList<string> Assumed, string? NodeClass) Resolve(IReadOnlyDictionary<string, double> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (name, value) in fields)
        {
            if (!fieldNames.Contains(name)) throw new FormatException($"unknown field '{name}' (this model reads: {string.Join(", ", fieldNames.Order(StringComparer.Ordinal))})");
            if (!double.IsFinite(value) || value < 0) throw new FormatException($"{name} must be a finite number >= 0 (got {value})");
        }

        NodeDefaults? node = null;
        foreach (var name in (string[])["node_type", "node_cores"])
        {
            if (fields.TryGetValue(name, out var whole) && whole != Math.Floor(whole)) throw new FormatException($"{name} must be a whole number (got {whole.ToString(CultureInfo.InvariantCulture)})");
        }

        if (fields.TryGetValue("node_type", out var code))
        {
            node = Manifest.Nodes.FirstOrDefault(n => n.DfaasCode == (int)code)
                ?? (NodeTypes.FromDfaasCode((int)code) is { } spec ? new NodeDefaults(spec.Type, spec.Cores, (int)code, new Dictionary<string, double>()) : null)
                ?? throw new FormatException($"node_type must be 0 (HEAVY), 1 (MID) or 2 (LIGHT) (got {code})");
        }
        else if (fields.TryGetValue("node_cores", out var cores))
        {
            if (cores < 1) throw new FormatException($"node_cores must be at least 1 (got {cores.ToString(CultureInfo.InvariantCulture)})");
            node = Manifest.Nodes.Where(n => n.Cores == (int)cores).FirstOrDefault()
                ?? new NodeDefaults($"{(int)cores}-core", (int)cores, NodeTypes.DfaasCode("", (int)cores), new Dictionary<string, double>());
        }

        var inputs = new double[features.Length];
        List<string>? assumed = null;
        for (var i = 0; i < features.Length; i++)
        {
            var f = features[i];
            if (f.IsPerCore)
            {
                continue; // from the rates and the node, below
            }
            else if (fields.TryGetValue(f.Name, out var value))
            {
                inputs[i] = value;
            }
            else if (f.IsRate || f.IsDemand)
            {
                inputs[i] = 0;
            }
            else if (f.Source == FeatureSource.NodeCores || f.Source == FeatureSource.NodeType)
            {
                if (node is null) throw new FormatException("the node is missing: give node_type (0 HEAVY, 1 MID, 2 LIGHT) or node_cores");
                inputs[i] = f.Source == FeatureSource.NodeCores ? node.Cores : node.DfaasCode;
            }
            else if (node is not null && node.Baseline.TryGetValue(f.Name, out var median))
            {
                inputs[i] = median;
                (assumed ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"{f.Name}={median} ({node.Type} median idle)"));
            }
            else
            {
                throw new FormatException($"{f.Name} is missing and this model has no idle baseline for the node given: send {f.Name} ({f.Unit})");
            }
        }

        for (var i = 0; i < features.Length; i++)
        {
            if (features[i].IsDemand) inputs[i] = features[i].DemandAt(name => fields.GetValueOrDefault(name), node?.Type);
            if (features[i].Source != FeatureSource.DemandCpuByClass || node is null) continue;
            foreach (var term in features[i].Terms!.Where(t => t.Node == node.Type && fields.GetValueOrDefault(t.Rate) > 0))
            {
                (assumed ??= []).Add(string.Create(CultureInfo.InvariantCulture,
                    $"demand of {term.Rate} on {node.Type}: {term.From} x{term.Factor:0.00} (in training, {node.Type} ran it in fewer than {DemandFit.MinClassRows} rows)"));
            }
        }

        for (var i = 0; i < features.Length; i++)
        {
            if (!features[i].IsPerCore) continue;
            var load = features[i].Source == FeatureSource.RatePerCore
                ? fields.GetValueOrDefault(features[i].PerCoreRate!)
                : features[i].DemandAt(name => fields.GetValueOrDefault(name), node!.Type);
            inputs[i] = load / node!.Cores; // every model reads node_cores or node_type, so the node was resolved above
        }

        return (inputs, assumed ?? [], node?.Type);
    }

    /// <summary>
    /// The interval the quantile models' two predictions give: ordered, widened by the conformal
    /// <paramref name="margin"/> and clipped to physical values (0 to <paramref name="ceiling"/>). Calibration (margin 0)
    /// and prediction share it.
    /// </summary>
    internal static (double Low, double High) Interval(double q05, double q95, double margin, double ceiling = double.PositiveInfinity)
    {
        var (low, high) = (Physical(q05, ceiling), Physical(q95, ceiling));
        if (low > high) (low, high) = (high, low);
        var (wl, wh) = ConformalMargins.Apply(low, high, margin);
        return (Physical(wl, ceiling), Physical(wh, ceiling));
    }

    // Every target is a usage, a power or a latency: a tree ensemble (or a baseline-relative target added to a
    // baseline or a demand) can land below zero, or node CPU above the node's cores, which no node can measure.
    private static double Physical(double value, double ceiling) => Math.Clamp(value, 0, ceiling);

    /// <summary>
    /// The most a target can be on the node the inputs describe: for node CPU, the highest share of its cores a
    /// training node reached (100 % per core without one), else unbounded.
    /// </summary>
    private double CeilingOf(Target target, double[] inputs)
    {
        if (target.Kind != TargetKind.NodeCpu) return double.PositiveInfinity;
        var share = Manifest.NodeCpuMaxShare ?? 1;
        for (var i = 0; i < features.Length; i++)
        {
            if (features[i].Source == FeatureSource.NodeCores) return share * 100 * inputs[i];
            if (features[i].Source == FeatureSource.NodeType)
            {
                var code = (int)inputs[i];
                var cores = Manifest.Nodes.FirstOrDefault(n => n.DfaasCode == code)?.Cores ?? NodeTypes.FromDfaasCode(code)?.Cores;
                return cores is { } c ? share * 100 * c : double.PositiveInfinity;
            }
        }

        return double.PositiveInfinity;
    }

    private void Encode(ReadOnlySpan<double> inputs, Span<float> encoded)
    {
        var scaler = Manifest.FeatureScaler;
        for (var i = 0; i < inputs.Length; i++) encoded[i] = (float)(scaler is null ? inputs[i] : scaler.Transform(i, inputs[i]));
    }

    private int BaselineFeature(Target target)
    {
        var source = target.Kind switch
        {
            TargetKind.NodeCpu => FeatureSource.IdleCpu,
            TargetKind.NodeRam => FeatureSource.IdleRam,
            TargetKind.NodePower => FeatureSource.IdlePower,
            _ => (FeatureSource?)null,
        };
        for (var i = 0; i < Manifest.Features.Count; i++)
        {
            if (Manifest.Features[i].Feature.Source == source) return i;
        }

        return -1;
    }
}

/// <summary>Predictions for many rows: per target the point and quantile arrays, and overload probabilities.</summary>
public sealed record BatchForecast(
    IReadOnlyDictionary<string, (double[] Point, double[]? Q05, double[]? Q95)> Targets,
    double[]? OverloadProbability);
