using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>How a target's value becomes the label a booster learns: minus the idle baseline and the demand, then min-max scaled.</summary>
/// <param name="OverBaseline">Learn the increase over the node's idle baseline.</param>
/// <param name="Scaled">Min-max scale by <paramref name="Min"/>..<paramref name="Max"/> (the training split's range).</param>
/// <param name="Min">Training minimum of the (baseline-relative) value.</param>
/// <param name="Max">Training maximum of the (baseline-relative) value.</param>
public sealed record TargetTransform(
    [property: JsonPropertyName("over_baseline")] bool OverBaseline,
    [property: JsonPropertyName("scaled")] bool Scaled,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max)
{
    /// <summary>
    /// Learn the gap to the utilisation law's demand (the model's demand feature of the target's kind), so that beyond the
    /// rates seen in training the prediction follows the law rather than the flat edge of a tree.
    /// </summary>
    [JsonPropertyName("over_demand")]
    public bool OverDemand { get; init; }

    private double Range => Max - Min is var r && r > 0 ? r : 1;

    /// <summary>How much the value moves per unit of label (the scale's range, or 1).</summary>
    [JsonIgnore]
    public double Slope => Scaled ? Range : 1;

    /// <summary>The label for a value.</summary>
    public double ToLabel(double value, double baseline, double demand = 0)
    {
        var relative = value - (OverBaseline ? baseline : 0) - (OverDemand ? demand : 0);
        return Scaled ? (relative - Min) / Range : relative;
    }

    /// <summary>The value for a label.</summary>
    public double FromLabel(double label, double baseline, double demand = 0)
    {
        var relative = Scaled ? label * Range + Min : label;
        return relative + (OverBaseline ? baseline : 0) + (OverDemand ? demand : 0);
    }
}
