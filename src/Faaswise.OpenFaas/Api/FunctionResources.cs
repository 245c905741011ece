using System.Text.Json.Serialization;

namespace Faaswise.OpenFaas.Api;

/// <summary>Memory and CPU as Kubernetes quantities ("128Mi", "500m"), OpenFaaS's <c>FunctionResources</c>.</summary>
public sealed record FunctionResources
{
    /// <summary>Memory quantity, as in "128Mi".</summary>
    [JsonPropertyName("memory"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Memory { get; init; }

    /// <summary>CPU quantity, as in "500m" or "1".</summary>
    [JsonPropertyName("cpu"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cpu { get; init; }
}
