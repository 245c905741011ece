using System.Text.Json.Serialization;

namespace Faaswise.OpenFaas.Api;

/// <summary>A request to create or update a function (<c>POST</c>/<c>PUT /system/functions</c>), as faas-provider defines it.</summary>
public sealed record FunctionDeployment : FunctionSpec
{
    /// <summary>Function name.</summary>
    [JsonPropertyName("service")] public required string Service { get; init; }

    /// <summary>Container image (for the embedded gateway, a built-in's name or a command).</summary>
    [JsonPropertyName("image")] public required string Image { get; init; }
}
