using System.Globalization;
using System.Text.RegularExpressions;
using Faaswise.LocalFaas.Builtins;
using Faaswise.LocalFaas.Scaling;
using Faaswise.LocalFaas.Watchdog;
using Faaswise.OpenFaas.Api;

namespace Faaswise.LocalFaas.Functions;

/// <summary>
/// A deployment as the gateway runs it, checked and parsed once. What runs: <c>fprocess</c> (the deployment's
/// <c>envProcess</c> or environment) in fork mode, or in http mode when the environment says <c>mode=http</c>;
/// without <c>fprocess</c>, the built-in the image names (a model function runs <c>faaswise runtime serve</c> in http mode). Per-function knobs come from the environment, named as
/// OpenFaaS's watchdogs name them: <c>exec_timeout</c>, <c>max_inflight</c>, plus <c>max_queue</c>.
/// </summary>
public sealed partial record FunctionDefinition
{
    /// <summary>The deployment as submitted.</summary>
    public required FunctionDeployment Deployment { get; init; }

    /// <summary>The service name.</summary>
    public string Name => Deployment.Service;

    /// <summary>How each replica runs.</summary>
    public required WatchdogMode Mode { get; init; }

    /// <summary>The built-in's name, when there is no fprocess.</summary>
    public string? Builtin { get; init; }

    /// <summary>The command, in fork and http modes.</summary>
    public string? FProcess { get; init; }

    /// <summary>Scaling from the labels.</summary>
    public required ScalingSpec Scaling { get; init; }

    /// <summary>Longest a request may take, queueing included.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Requests one replica runs at once.</summary>
    public required int MaxInflight { get; init; }

    /// <summary>Requests that may wait per replica.</summary>
    public required int MaxQueue { get; init; }

    /// <summary>Checks a deployment and reads its settings; a problem throws <see cref="FormatException"/> with the reason.</summary>
    public static FunctionDefinition From(FunctionDeployment deployment, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(deployment.Service) || deployment.Service.Length > 63 || !ServiceName().IsMatch(deployment.Service))
        {
            throw new FormatException($"service '{deployment.Service}' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
        }

        var env = deployment.EnvVars ?? new Dictionary<string, string>();
        var fprocess = !string.IsNullOrWhiteSpace(deployment.EnvProcess) ? deployment.EnvProcess
            : env.TryGetValue("fprocess", out var f) && !string.IsNullOrWhiteSpace(f) ? f : null;
        var builtin = fprocess is null ? BuiltinFunctions.ForImage(deployment.Image ?? "") : null;
        var timeout = Duration(env, "exec_timeout", options.DefaultTimeout, deployment.Service);
        var mode = env.TryGetValue("mode", out var m) ? m.Trim().ToLowerInvariant() : null;
        if (fprocess is null && builtin is null && ModelFunctions.ForImage(deployment.Image ?? "") is { } model)
        {
            fprocess = ModelFunctions.FProcess(options.WatchdogCommand, model, timeout);
            mode = "http";
        }

        if (fprocess is null && builtin is null)
        {
            throw new FormatException($"function {deployment.Service}: no fprocess, and image '{deployment.Image}' is not a built-in " +
                $"(faaswise/<name> with name one of {string.Join(", ", BuiltinFunctions.Names.Concat(ModelFunctions.Names))})");
        }

        var watchdogMode = (mode, builtin) switch
        {
            (null or "" or "http", not null) => WatchdogMode.Builtin,
            ("fork" or "serializing", not null) => WatchdogMode.Fork,
            (null or "" or "fork" or "serializing", null) => WatchdogMode.Fork,
            ("http", null) => WatchdogMode.Http,
            _ => throw new FormatException($"function {deployment.Service}: mode '{mode}' is not fork or http"),
        };

        CommandLineSplitter.Split(fprocess ?? builtin!);
        return new FunctionDefinition
        {
            Deployment = deployment,
            Mode = watchdogMode,
            Builtin = builtin,
            FProcess = fprocess,
            Scaling = ScalingSpec.FromLabels(deployment.Labels),
            Timeout = timeout,
            MaxInflight = Count(env, "max_inflight", options.DefaultMaxInflight, 1, deployment.Service),
            MaxQueue = Count(env, "max_queue", options.DefaultMaxQueue, 0, deployment.Service),
        };
    }

    private static TimeSpan Duration(IReadOnlyDictionary<string, string> env, string key, TimeSpan fallback, string function) =>
        !env.TryGetValue(key, out var text) ? fallback
        : GoDuration.TryParse(text, out var d) && d > TimeSpan.Zero ? d
        : throw new FormatException($"function {function}: {key} '{text}' is not a duration > 0 such as 30s");

    private static int Count(IReadOnlyDictionary<string, string> env, string key, int fallback, int least, string function) =>
        !env.TryGetValue(key, out var text) ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least ? n
        : throw new FormatException($"function {function}: {key} '{text}' is not an integer ≥ {least}");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex ServiceName();
}
