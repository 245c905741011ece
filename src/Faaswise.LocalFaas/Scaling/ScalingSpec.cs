using System.Globalization;
using Faaswise.OpenFaas.Api;

namespace Faaswise.LocalFaas.Scaling;

/// <summary>
/// A function's scaling, read once from OpenFaaS's labels with OpenFaaS Pro's defaults:
/// <c>com.openfaas.scale.min</c> (1), <c>.max</c> (20), <c>.target</c> (50 per replica), <c>.type</c> (rps|capacity),
/// <c>.target-proportion</c> (0.90), <c>.zero</c> (false) and <c>.zero-duration</c> (15m).
/// </summary>
public sealed record ScalingSpec
{
    /// <summary>Label prefix.</summary>
    public const string Prefix = "com.openfaas.scale.";

    /// <summary>Fewest replicas.</summary>
    public int Min { get; init; } = 1;

    /// <summary>Most replicas.</summary>
    public int Max { get; init; } = 20;

    /// <summary>Load one replica should carry: requests/s for <see cref="ScalingType.Rps"/>, requests in flight for capacity.</summary>
    public double Target { get; init; } = 50;

    /// <summary>What is measured.</summary>
    public ScalingType Type { get; init; } = ScalingType.Rps;

    /// <summary>Fraction of <see cref="Target"/> a replica is filled to before another is added.</summary>
    public double TargetProportion { get; init; } = 0.90;

    /// <summary>Scale to zero after <see cref="ZeroDuration"/> without requests.</summary>
    public bool Zero { get; init; }

    /// <summary>Idle time before scaling to zero.</summary>
    public TimeSpan ZeroDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether the autoscaler has any room to act.</summary>
    public bool Autoscaled => Max > Min || Zero;

    /// <summary>Reads the labels; a bad value throws <see cref="FormatException"/> naming the label.</summary>
    public static ScalingSpec FromLabels(IReadOnlyDictionary<string, string>? labels)
    {
        var spec = new ScalingSpec();
        if (labels is null) return spec;
        string? Get(string key) => labels.TryGetValue(Prefix + key, out var v) ? v.Trim() : null;

        if (Get("min") is { } min) spec = spec with { Min = Integer("min", min, 0) };
        if (Get("max") is { } max) spec = spec with { Max = Integer("max", max, 1) };
        if (Get("target") is { } target) spec = spec with { Target = Positive("target", target) };
        if (Get("target-proportion") is { } proportion)
        {
            var p = Positive("target-proportion", proportion);
            spec = p <= 1 ? spec with { TargetProportion = p } : throw Bad("target-proportion", proportion, "a fraction in (0, 1]");
        }

        if (Get("type") is { } type)
        {
            spec = spec with
            {
                Type = type.ToLowerInvariant() switch
                {
                    "rps" => ScalingType.Rps,
                    "capacity" => ScalingType.Capacity,
                    _ => throw Bad("type", type, "rps or capacity"),
                },
            };
        }

        if (Get("zero") is { } zero)
        {
            spec = spec with { Zero = bool.TryParse(zero, out var z) ? z : throw Bad("zero", zero, "true or false") };
        }

        if (Get("zero-duration") is { } duration)
        {
            spec = spec with
            {
                ZeroDuration = GoDuration.TryParse(duration, out var d) && d > TimeSpan.Zero ? d : throw Bad("zero-duration", duration, "a duration such as 15m"),
            };
        }

        if (spec.Min > spec.Max) throw new FormatException($"label {Prefix}min ({spec.Min}) is above {Prefix}max ({spec.Max})");
        if (spec.Min == 0 && !spec.Zero) spec = spec with { Min = 1 };
        return spec;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"scale {Min}..{Max}, {Type.ToString().ToLowerInvariant()} target {Target:0.###} × {TargetProportion:0.##}{(Zero ? $", to zero after {ZeroDuration.TotalSeconds:0} s idle" : "")}");

    private static int Integer(string key, string value, int least) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least ? n : throw Bad(key, value, $"an integer ≥ {least}");

    private static double Positive(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x) ? x : throw Bad(key, value, "a number > 0");

    private static FormatException Bad(string key, string value, string expected) => new($"label {Prefix}{key}: '{value}' is not {expected}");
}
