using System.Text.Json.Serialization;

namespace Faaswise.OpenFaas.Api;

/// <summary>
/// What a function is configured with, common to a deployment request (<see cref="FunctionDeployment"/>) and a
/// deployed function's description (<see cref="FunctionStatus"/>), with faas-provider's JSON names.
/// </summary>
public abstract record FunctionSpec
{
    /// <summary>Namespace, where the provider has them.</summary>
    [JsonPropertyName("namespace"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    /// <summary>The process the watchdog runs (<c>fprocess</c>).</summary>
    [JsonPropertyName("envProcess"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EnvProcess { get; init; }

    /// <summary>Environment of the function's process.</summary>
    [JsonPropertyName("envVars"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? EnvVars { get; init; }

    /// <summary>Placement constraints, provider-specific.</summary>
    [JsonPropertyName("constraints"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Constraints { get; init; }

    /// <summary>Names of secrets to mount.</summary>
    [JsonPropertyName("secrets"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Secrets { get; init; }

    /// <summary>Labels, read by the gateway and provider (scaling: <c>com.openfaas.scale.*</c>).</summary>
    [JsonPropertyName("labels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations.</summary>
    [JsonPropertyName("annotations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Resource limits.</summary>
    [JsonPropertyName("limits"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FunctionResources? Limits { get; init; }

    /// <summary>Resource requests.</summary>
    [JsonPropertyName("requests"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FunctionResources? Requests { get; init; }

    /// <summary>Mount the root filesystem read-only.</summary>
    [JsonPropertyName("readOnlyRootFilesystem"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReadOnlyRootFilesystem { get; init; }
}
