using System.Text.Json.Serialization;

namespace Faaswise.OpenFaas.Api;

/// <summary>A deployed function as <c>GET /system/functions</c> and <c>GET /system/function/{name}</c> describe it.</summary>
public sealed record FunctionStatus : FunctionSpec
{
    /// <summary>Function name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>Container image.</summary>
    [JsonPropertyName("image")] public string Image { get; init; } = "";

    /// <summary>Invocations counted by the gateway.</summary>
    [JsonPropertyName("invocationCount")] public double InvocationCount { get; init; }

    /// <summary>Desired replicas.</summary>
    [JsonPropertyName("replicas")] public ulong Replicas { get; init; }

    /// <summary>Replicas ready to take invocations.</summary>
    [JsonPropertyName("availableReplicas")] public ulong AvailableReplicas { get; init; }

    /// <summary>When the function was created.</summary>
    [JsonPropertyName("createdAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Resource use, where the provider reports it.</summary>
    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FunctionUsage? Usage { get; init; }
}

/// <summary>A function's resource use as the provider reports it.</summary>
public sealed record FunctionUsage
{
    /// <summary>CPU in use, cores.</summary>
    [JsonPropertyName("cpu")] public double Cpu { get; init; }

    /// <summary>Memory in use, bytes.</summary>
    [JsonPropertyName("totalMemoryBytes")] public double TotalMemoryBytes { get; init; }
}
