using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>One target's prediction with its 5 %-95 % interval.</summary>
/// <param name="Value">Point prediction (conditional mean).</param>
/// <param name="Low">0.05 quantile, when the model has quantile boosters.</param>
/// <param name="High">0.95 quantile, when the model has quantile boosters.</param>
/// <param name="Unit">Unit of the three values.</param>
public sealed record TargetForecast(
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("q05")] double? Low,
    [property: JsonPropertyName("q95")] double? High,
    [property: JsonPropertyName("unit")] string Unit);

/// <summary>A prediction for one input.</summary>
/// <param name="Targets">Predictions by target name.</param>
/// <param name="OverloadProbability">Probability that the node is overloaded, when the model has a classifier.</param>
/// <param name="Extrapolated">True when an input lies outside the range it took in training.</param>
/// <param name="OutsideDomain">The inputs outside their training range, as <c>name=value (min..max)</c>.</param>
/// <param name="Assumed">
/// Inputs the request left out and the model filled in (a node class's median idle baseline), and each function whose
/// demand on the asked node's class is a scaled curve because that class ran it in fewer than 100 training rows.
/// </param>
/// <param name="Overloaded">The overload decision: the probability at or above the model's threshold (chosen on held-out training runs).</param>
public sealed record Forecast(
    [property: JsonPropertyName("targets")] IReadOnlyDictionary<string, TargetForecast> Targets,
    [property: JsonPropertyName("overload_probability")] double? OverloadProbability,
    [property: JsonPropertyName("extrapolated")] bool Extrapolated,
    [property: JsonPropertyName("outside_domain")] IReadOnlyList<string> OutsideDomain,
    [property: JsonPropertyName("assumed")] IReadOnlyList<string> Assumed,
    [property: JsonPropertyName("overloaded"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Overloaded = null)
{
    /// <summary>Why, when asked (<c>predict --explain</c>): per node target and the overload classifier.</summary>
    [JsonPropertyName("explanation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, Explanation>? Explanation { get; init; }
}
