using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary><c>manifest.json</c> of a model directory: everything needed to rebuild inputs and check the files.</summary>
public sealed record ModelManifest
{
    /// <summary>Format tag.</summary>
    [JsonPropertyName("format")] public string Format { get; init; } = "faaswise-forecaster/1";

    /// <summary>The tool that wrote it.</summary>
    [JsonPropertyName("tool_version")] public required string ToolVersion { get; init; }

    /// <summary>When it was trained, UTC.</summary>
    [JsonPropertyName("created")] public required DateTimeOffset Created { get; init; }

    /// <summary>The dataset it was trained on.</summary>
    [JsonPropertyName("data")] public required string Data { get; init; }

    /// <summary>How it was trained.</summary>
    [JsonPropertyName("protocol")] public required ProtocolDescription Protocol { get; init; }

    /// <summary>Inputs in model order, with their training domain.</summary>
    [JsonPropertyName("features")] public required IReadOnlyList<FeatureDomain> Features { get; init; }

    /// <summary>Feature scaler when the model scales inputs.</summary>
    [JsonPropertyName("feature_scaler")] public Profiling.MinMaxScaler? FeatureScaler { get; init; }

    /// <summary>Targets, their transforms and model files.</summary>
    [JsonPropertyName("targets")] public required IReadOnlyList<TargetEntry> Targets { get; init; }

    /// <summary>The overload classifier's file, if trained.</summary>
    [JsonPropertyName("classifier")] public string? Classifier { get; init; }

    /// <summary>How many of the leading features the classifier reads.</summary>
    [JsonPropertyName("classifier_features")] public int ClassifierFeatures { get; init; }

    /// <summary>What the classifier's "overloaded" means: iteration, majority or every (iterations of a configuration in a run).</summary>
    [JsonPropertyName("overload_label")] public string OverloadLabel { get; init; } = "iteration";

    /// <summary>Overload probability from which a node is called overloaded: the F1-best on held-out training runs, or 0.5.</summary>
    [JsonPropertyName("overload_threshold")] public double OverloadThreshold { get; init; } = 0.5;

    /// <summary>
    /// The highest node CPU any training row measured, as a share of its node's cores (DFaaS's nodes stop between 79 and
    /// 85 %); node CPU predictions are clipped at this share of the asked node's cores. Null: clipped at 100 %.
    /// </summary>
    [JsonPropertyName("node_cpu_max_share")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? NodeCpuMaxShare { get; init; }

    /// <summary>Node classes seen in training.</summary>
    [JsonPropertyName("nodes")] public required IReadOnlyList<NodeDefaults> Nodes { get; init; }

    /// <summary>Groups behind group-rate features.</summary>
    [JsonPropertyName("groups")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? Groups { get; init; }

    /// <summary>SHA-256 of every file of the directory, by relative path.</summary>
    [JsonPropertyName("checksums")] public required IReadOnlyDictionary<string, string> Checksums { get; init; }
}

/// <summary>How a model was trained, recorded in its manifest.</summary>
public sealed record ProtocolDescription(
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("test_fraction")] double TestFraction,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("outlier_rule")] bool OutlierRule,
    [property: JsonPropertyName("scaled")] bool Scaled,
    [property: JsonPropertyName("smote")] bool Smote,
    [property: JsonPropertyName("train_rows")] int TrainRows,
    [property: JsonPropertyName("test_rows")] int TestRows,
    [property: JsonPropertyName("test_runs")] IReadOnlyList<string> TestRuns,
    [property: JsonPropertyName("booster")] string Booster,
    [property: JsonPropertyName("train_runs")] IReadOnlyList<string>? TrainRuns = null);

/// <summary>A feature and the range it took in training (outside it, a prediction extrapolates).</summary>
public sealed record FeatureDomain(
    [property: JsonPropertyName("feature")] Feature Feature,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max);

/// <summary>A target's transform and model files.</summary>
public sealed record TargetEntry(
    [property: JsonPropertyName("target")] Target Target,
    [property: JsonPropertyName("transform")] TargetTransform Transform,
    [property: JsonPropertyName("point")] string Point,
    [property: JsonPropertyName("q05")] string? Q05,
    [property: JsonPropertyName("q95")] string? Q95,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("conformal"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Conformal = null)
{
    /// <summary>The key of the margin over every node class's calibration rows, used for a node class calibration did not see.</summary>
    public const string AnyNodeClass = "*";

    /// <summary>How much to widen the q05..q95 interval (in the target's unit; negative narrows it) for a node class; 0 without calibration.</summary>
    public double MarginFor(string? nodeClass) =>
        Conformal is null ? 0
        : nodeClass is not null && Conformal.TryGetValue(nodeClass, out var own) ? own
        : Conformal.GetValueOrDefault(AnyNodeClass);
}
