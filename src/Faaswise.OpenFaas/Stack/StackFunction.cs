using Faaswise.OpenFaas.Api;

namespace Faaswise.OpenFaas.Stack;

/// <summary>One entry of a stack file's <c>functions</c>.</summary>
public sealed record StackFunction
{
    /// <summary>Function name (the key under <c>functions</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Image; for the embedded gateway, a built-in's name.</summary>
    public required string Image { get; init; }

    /// <summary>Template language, as faas-cli builds with.</summary>
    public string? Lang { get; init; }

    /// <summary>Handler folder, as faas-cli builds with.</summary>
    public string? Handler { get; init; }

    /// <summary>Namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>The watchdog's process: <c>fprocess</c> under <c>environment</c>, or the top-level field.</summary>
    public string? FProcess { get; init; }

    /// <summary>Environment, <c>fprocess</c> included when given there.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels (scaling: <c>com.openfaas.scale.min|max|target|type</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Resource limits.</summary>
    public FunctionResources? Limits { get; init; }

    /// <summary>Resource requests.</summary>
    public FunctionResources? Requests { get; init; }

    /// <summary>Secrets.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Constraints.</summary>
    public IReadOnlyList<string> Constraints { get; init; } = [];

    /// <summary>Read-only root filesystem.</summary>
    public bool ReadOnlyRootFilesystem { get; init; }

    /// <summary>The fields a local gateway stores but cannot enforce on a process (limits, requests, secrets, constraints, a read-only root).</summary>
    public IReadOnlyList<string> NotEnforcedLocally() =>
    [
        .. Limits is null ? Array.Empty<string>() : ["limits"],
        .. Requests is null ? Array.Empty<string>() : ["requests"],
        .. Secrets.Count == 0 ? Array.Empty<string>() : ["secrets"],
        .. Constraints.Count == 0 ? Array.Empty<string>() : ["constraints"],
        .. ReadOnlyRootFilesystem ? ["readonly_root_filesystem"] : Array.Empty<string>(),
    ];

    /// <summary>The gateway request that deploys this function.</summary>
    public FunctionDeployment ToDeployment() => new()
    {
        Service = Name,
        Image = Image,
        Namespace = Namespace,
        EnvProcess = FProcess,
        EnvVars = Environment.Count > 0 ? Environment : null,
        Labels = Labels.Count > 0 ? Labels : null,
        Annotations = Annotations.Count > 0 ? Annotations : null,
        Limits = Limits,
        Requests = Requests,
        Secrets = Secrets.Count > 0 ? Secrets : null,
        Constraints = Constraints.Count > 0 ? Constraints : null,
        ReadOnlyRootFilesystem = ReadOnlyRootFilesystem,
    };
}
