using System.Globalization;
using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>Scores of a model on a set of rows: <c>faaswise evaluate --json</c>'s answer and the training report.</summary>
/// <param name="Rows">Rows scored.</param>
/// <param name="Targets">Scores by target name, in the target's unit.</param>
/// <param name="OverloadedNode">The overload classifier's scores.</param>
/// <param name="ByNodeClass">The same scores on each node class's rows, when the rows hold more than one: pooled scores hide a class the model serves badly.</param>
/// <param name="IdleBaseline">
/// The reference every model must beat, scored on the same rows: each node target predicted as the node's measured
/// idle level (persistence of the reading before the load), by node target name.
/// </param>
/// <param name="Repeated">With <c>train --repeats N</c>: the same protocol over N split seeds, with 95 % intervals.</param>
public sealed record EvaluationReport(
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("targets")] IReadOnlyDictionary<string, RegressionScore> Targets,
    [property: JsonPropertyName("overloaded_node")] ClassificationScore? OverloadedNode,
    [property: JsonPropertyName("by_node_class"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, EvaluationReport>? ByNodeClass = null,
    [property: JsonPropertyName("idle_baseline"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, RegressionScore>? IdleBaseline = null,
    [property: JsonPropertyName("repeated"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RepeatedScores? Repeated = null)
{
    /// <summary>One sentence for people: the idle baseline's R² and RMSE (in <paramref name="unitOf"/> the target) per node target, or null when there is none.</summary>
    public string? DescribeIdleBaseline(Func<string, string> unitOf)
    {
        ArgumentNullException.ThrowIfNull(unitOf);
        return IdleBaseline is not { Count: > 0 } idle ? null
            : "Idle baseline (each node target held at the node's measured idle level; a model must beat it): "
              + string.Join("; ", idle.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} R² {kv.Value.R2:F3}, RMSE {kv.Value.Rmse:G4} {unitOf(kv.Key)}"))) + ".";
    }
}
