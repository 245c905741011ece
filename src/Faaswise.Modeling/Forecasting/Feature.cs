using System.Text.Json.Serialization;
using Faaswise.Modeling.Datasets;

namespace Faaswise.Modeling.Forecasting;

/// <summary>One model input: its name (the column or request field), unit, and how a dataset row gives it.</summary>
/// <param name="Name">Field name, e.g. <c>rate_group_HIGH_USAGE</c>, <c>node_cores</c>, <c>ram_usage_idle_node</c>.</param>
/// <param name="Unit">Unit of the value.</param>
/// <param name="Source">Where the value comes from.</param>
/// <param name="Functions">For rates: the functions summed.</param>
public sealed record Feature(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("source")] FeatureSource Source,
    [property: JsonPropertyName("functions")] IReadOnlyList<string> Functions)
{
    /// <summary>For demand features: each rate feature's usage curve, summed at the rates asked about.</summary>
    [JsonPropertyName("terms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DemandTerm>? Terms { get; init; }

    /// <summary>True for demand features: derived from the rates, never sent by a caller.</summary>
    [JsonIgnore]
    public bool IsDemand => Source is FeatureSource.DemandCpu or FeatureSource.DemandRam or FeatureSource.DemandPower or FeatureSource.DemandCpuByClass or FeatureSource.DemandPowerByClass;

    /// <summary>True for the idle baselines: measured before the load, so known when a prediction is asked for.</summary>
    [JsonIgnore]
    public bool IsBaseline => Source is FeatureSource.IdleCpu or FeatureSource.IdleRam or FeatureSource.IdlePower;

    /// <summary>True for load per core (a rate or the CPU demand over the node's cores): derived, never sent by a caller.</summary>
    [JsonIgnore]
    public bool IsPerCore => Source is FeatureSource.RatePerCore or FeatureSource.DemandCpuPerCore;

    /// <summary>True for request rates.</summary>
    [JsonIgnore]
    public bool IsRate => Source is FeatureSource.GroupRate or FeatureSource.FunctionRate;

    /// <summary>The value of this feature in a dataset row.</summary>
    public double ValueOf(SampleRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Source switch
        {
            FeatureSource.GroupRate or FeatureSource.FunctionRate => Functions.Sum(row.RateOf),
            FeatureSource.NodeCores => row.Node.Cores,
            FeatureSource.NodeType => row.Node.DfaasCode,
            FeatureSource.IdleCpu => row.Measured.CpuIdle,
            FeatureSource.IdleRam => row.Measured.RamIdle,
            FeatureSource.IdlePower => row.Measured.PowerIdle,
            _ when IsDemand => SumOfTerms(t => t.Functions.Sum(row.RateOf), row.Node.Type),
            FeatureSource.RatePerCore => Functions.Sum(row.RateOf) / row.Node.Cores,
            FeatureSource.DemandCpuPerCore => SumOfTerms(t => t.Functions.Sum(row.RateOf), row.Node.Type) / row.Node.Cores,
            _ => throw new InvalidOperationException($"unknown feature source {Source}"),
        };
    }

    /// <summary>A group's summed rate.</summary>
    public static Feature GroupRate(string group, IReadOnlyList<string> functions) => new($"rate_group_{group}", "requests/s", FeatureSource.GroupRate, functions);

    /// <summary>One function's rate.</summary>
    public static Feature FunctionRate(string function) => new($"rate_function_{function}", "requests/s", FeatureSource.FunctionRate, [function]);

    /// <summary>The node's cores.</summary>
    public static Feature NodeCores { get; } = new("node_cores", "cores", FeatureSource.NodeCores, []);

    /// <summary>DFaaS's node type code.</summary>
    public static Feature NodeType { get; } = new("node_type", "code (HEAVY 0, MID 1, LIGHT 2)", FeatureSource.NodeType, []);

    /// <summary>A demand feature of <paramref name="source"/> from its terms.</summary>
    public static Feature Demand(FeatureSource source, IReadOnlyList<DemandTerm> terms) => source switch
    {
        FeatureSource.DemandCpu => new("demand_cpu", "percent of one core", source, []) { Terms = terms },
        FeatureSource.DemandRam => new("demand_ram", "bytes", source, []) { Terms = terms },
        FeatureSource.DemandPower => new("demand_power", "microwatts", source, []) { Terms = terms },
        FeatureSource.DemandCpuByClass => new("demand_cpu_by_class", "percent of one core", source, []) { Terms = terms },
        FeatureSource.DemandPowerByClass => new("demand_power_by_class", "microwatts", source, []) { Terms = terms },
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>A rate over the node's cores (for <paramref name="rate"/>, a rate feature).</summary>
    public static Feature PerCore(Feature rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        return new($"{rate.Name}{PerCoreSuffix}", "requests/s per core", FeatureSource.RatePerCore, rate.Functions);
    }

    /// <summary>The CPU demand over the node's cores (for <paramref name="demand"/>, the pooled CPU demand).</summary>
    public static Feature UtilisationOf(Feature demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        return new("demand_cpu_per_core", "percent of one core per core", FeatureSource.DemandCpuPerCore, []) { Terms = demand.Terms };
    }

    private const string PerCoreSuffix = "_per_core";

    /// <summary>For a rate per core, the name of the rate feature it divides.</summary>
    [JsonIgnore]
    public string? PerCoreRate => Source == FeatureSource.RatePerCore ? Name[..^PerCoreSuffix.Length] : null;

    /// <summary>The value of a demand feature given the model's inputs by rate feature name, on a node of <paramref name="nodeType"/>.</summary>
    public double DemandAt(Func<string, double> rateOf, string? nodeType)
    {
        ArgumentNullException.ThrowIfNull(rateOf);
        return SumOfTerms(t => rateOf(t.Rate), nodeType);
    }

    // Each rate feature counts once: through the node class's own term where the class has one, else the common term.
    private double SumOfTerms(Func<DemandTerm, double> rateOf, string? nodeType)
    {
        var terms = Terms!;
        var sum = 0.0;
        foreach (var t in terms)
        {
            var applies = t.Node is null
                ? nodeType is null || !terms.Any(o => o.Node == nodeType && o.Rate == t.Rate)
                : t.Node == nodeType;
            if (applies) sum += t.Curve.At(rateOf(t));
        }

        return sum;
    }

    /// <summary>The idle baselines, in the order they are appended.</summary>
    public static IReadOnlyList<Feature> Baselines { get; } =
    [
        new("cpu_usage_idle_node", "percent of one core", FeatureSource.IdleCpu, []),
        new("ram_usage_idle_node", "bytes", FeatureSource.IdleRam, []),
        new("power_usage_idle_node", "microwatts", FeatureSource.IdlePower, []),
    ];
}
