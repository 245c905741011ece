using System.Text.Json.Serialization;

namespace Faaswise.Modeling.Forecasting;

/// <summary>A node class seen in training and its median idle baseline, used when a request names the node but not its baseline.</summary>
/// <param name="Type">Node class (LIGHT, MID, HEAVY, or n-core).</param>
/// <param name="Cores">Its cores.</param>
/// <param name="DfaasCode">DFaaS's node_type code.</param>
/// <param name="Baseline">Median idle value of each baseline feature, by feature name.</param>
public sealed record NodeDefaults(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("node_type")] int DfaasCode,
    [property: JsonPropertyName("baseline")] IReadOnlyDictionary<string, double> Baseline);
