namespace Faaswise.Modeling.Forecasting;

/// <summary>A trained forecaster before it is written: its manifest (checksums still empty), model texts and test scores.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Files">LightGBM model text by relative path.</param>
/// <param name="Test">Scores on the held-out rows.</param>
/// <param name="Purged">Test rows dropped because their configuration's iterations were also in training.</param>
/// <param name="OutliersReplaced">Node CPU values DFaaS's outlier rule replaced (0 when off).</param>
public sealed record TrainingResult(
    ModelManifest Manifest,
    IReadOnlyDictionary<string, string> Files,
    EvaluationReport Test,
    int Purged,
    int OutliersReplaced);
