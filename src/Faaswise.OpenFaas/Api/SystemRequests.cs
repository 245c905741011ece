using System.Text.Json.Serialization;

namespace Faaswise.OpenFaas.Api;

/// <summary>Body of <c>POST /system/scale-function/{name}</c>.</summary>
public sealed record ScaleServiceRequest
{
    /// <summary>Function name.</summary>
    [JsonPropertyName("serviceName")] public required string ServiceName { get; init; }

    /// <summary>Namespace, where the provider has them.</summary>
    [JsonPropertyName("namespace"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    /// <summary>Desired replicas.</summary>
    [JsonPropertyName("replicas")] public required ulong Replicas { get; init; }
}

/// <summary>Body of <c>DELETE /system/functions</c>.</summary>
public sealed record DeleteFunctionRequest
{
    /// <summary>Function name.</summary>
    [JsonPropertyName("functionName")] public required string FunctionName { get; init; }

    /// <summary>Namespace, where the provider has them.</summary>
    [JsonPropertyName("namespace"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }
}

/// <summary><c>GET /system/info</c>: the gateway and the provider behind it.</summary>
public sealed record GatewayInfo
{
    /// <summary>The provider (faas-netes, faasd, faaswise).</summary>
    [JsonPropertyName("provider")] public required ProviderInfo Provider { get; init; }

    /// <summary>The gateway's own version.</summary>
    [JsonPropertyName("version")] public required VersionInfo Version { get; init; }

    /// <summary>CPU architecture, as in "x86_64".</summary>
    [JsonPropertyName("arch"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Arch { get; init; }
}

/// <summary>The provider part of <see cref="GatewayInfo"/>.</summary>
public sealed record ProviderInfo
{
    /// <summary>Provider name.</summary>
    [JsonPropertyName("provider")] public required string Name { get; init; }

    /// <summary>Orchestration, as in "kubernetes".</summary>
    [JsonPropertyName("orchestration")] public required string Orchestration { get; init; }

    /// <summary>Provider version.</summary>
    [JsonPropertyName("version")] public required VersionInfo Version { get; init; }
}

/// <summary>A release and commit.</summary>
public sealed record VersionInfo
{
    /// <summary>Commit SHA.</summary>
    [JsonPropertyName("sha")] public string Sha { get; init; } = "";

    /// <summary>Release tag.</summary>
    [JsonPropertyName("release")] public string Release { get; init; } = "";

    /// <summary>Last commit message (gateway only).</summary>
    [JsonPropertyName("commit_message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommitMessage { get; init; }
}
