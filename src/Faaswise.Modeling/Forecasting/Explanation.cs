using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// Why a model predicted what it did (LightGBM's TreeSHAP contributions): the value it starts from, plus one contribution
/// per input, sums to the prediction before it is clipped to physical values.
/// </summary>
/// <param name="Unit">Unit of every number here: the target's, or log-odds for the overload classifier.</param>
/// <param name="Base">The model's expected value, plus the idle baseline for targets learned relative to it.</param>
/// <param name="Contributions">Each input's share, by feature name, largest magnitude first.</param>
/// <param name="Total">Base plus contributions.</param>
public sealed record Explanation(
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("base")] double Base,
    [property: JsonPropertyName("contributions")] IReadOnlyDictionary<string, double> Contributions,
    [property: JsonPropertyName("total")] double Total);
