using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>How a target's value becomes the label a booster learns: minus the idle baseline, then min-max scaled.</summary>
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
    private double Range => Max - Min is var r && r > 0 ? r : 1;

    /// <summary>The label for a value.</summary>
    public double ToLabel(double value, double baseline)
    {
        var relative = OverBaseline ? value - baseline : value;
        return Scaled ? (relative - Min) / Range : relative;
    }

    /// <summary>The value for a label.</summary>
    public double FromLabel(double label, double baseline)
    {
        var relative = Scaled ? label * Range + Min : label;
        return OverBaseline ? relative + baseline : relative;
    }
}
