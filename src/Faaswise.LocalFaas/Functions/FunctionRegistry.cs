using System.Collections.Concurrent;
using Faaswise.LocalFaas.Replicas;
using Faaswise.OpenFaas.Api;
using Microsoft.Extensions.Logging;

namespace Faaswise.LocalFaas.Functions;

/// <summary>The deployed functions by name, each with its replica set.</summary>
internal sealed class FunctionRegistry(GatewayOptions options, TimeProvider time, ILoggerFactory logs, FunctionLogs output) : IAsyncDisposable
{
    /// <summary>Most replicas one function may be scaled to through the API.</summary>
    public const int MaxReplicas = 256;

    private readonly ConcurrentDictionary<string, ReplicaSet> _functions = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logs.CreateLogger("Faaswise.LocalFaas.Gateway");
    private readonly object _changes = new();

    public IReadOnlyCollection<ReplicaSet> All => _functions.Values.OrderBy(f => f.Definition.Name, StringComparer.Ordinal).ToArray();

    public ReplicaSet? Find(string name) => _functions.TryGetValue(name, out var set) ? set : null;

    /// <summary>Deploys a new function; false when the name is taken. Throws <see cref="FormatException"/> on a bad deployment.</summary>
    public bool Deploy(FunctionDeployment deployment)
    {
        var definition = FunctionDefinition.From(deployment, options);
        lock (_changes)
        {
            if (_functions.ContainsKey(definition.Name)) return false;
            _functions[definition.Name] = new ReplicaSet(definition, definition.Scaling.Min, options, time, logs.CreateLogger("Faaswise.LocalFaas.Replicas"), output);
        }

        var what = Describe(definition);
        Log.Deployed(_logger, definition.Name, what);
        return true;
    }

    /// <summary>Replaces a function's deployment; false when there is no such function.</summary>
    public bool Update(FunctionDeployment deployment)
    {
        var definition = FunctionDefinition.From(deployment, options);
        if (Find(definition.Name) is not { } set) return false;
        set.Update(definition);
        set.Scale(Math.Clamp(set.Desired, definition.Scaling.Min, Math.Max(definition.Scaling.Max, definition.Scaling.Min)));
        var what = Describe(definition);
        Log.Deployed(_logger, definition.Name, what);
        return true;
    }

    /// <summary>Removes a function and stops its replicas; false when there is no such function.</summary>
    public async Task<bool> DeleteAsync(string name)
    {
        ReplicaSet? set;
        lock (_changes)
        {
            if (!_functions.TryRemove(name, out set)) return false;
        }

        await set.DisposeAsync().ConfigureAwait(false);
        Log.Removed(_logger, name);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        ReplicaSet[] all;
        lock (_changes)
        {
            all = [.. _functions.Values];
            _functions.Clear();
        }

        await Task.WhenAll(all.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private static string Describe(FunctionDefinition d) =>
        (d.Builtin is { } b ? $"built-in {b}, {d.Mode.ToString().ToLowerInvariant()} mode" : $"{d.Mode.ToString().ToLowerInvariant()} mode: {d.FProcess}") + $"; {d.Scaling}";
}
