using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>Scores of a model on a set of rows: <c>faaswise evaluate --json</c>'s answer and the training report.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Targets">Scores by target name, in the target's unit.</param>
/// <param name="OverloadedNode">The overload classifier's scores.</param>
/// <param name="ByNodeClass">The same scores on each node class's rows, when the rows hold more than one: pooled scores hide a class the model serves badly.</param>
public sealed record EvaluationReport(
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("targets")] IReadOnlyDictionary<string, RegressionScore> Targets,
    [property: JsonPropertyName("overloaded_node")] ClassificationScore? OverloadedNode,
    [property: JsonPropertyName("by_node_class"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, EvaluationReport>? ByNodeClass = null);
