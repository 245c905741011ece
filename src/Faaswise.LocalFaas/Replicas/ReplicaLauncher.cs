using System.Diagnostics;
using System.Globalization;
using Faaswise.LocalFaas.Functions;
using Faaswise.LocalFaas.Watchdog;

namespace Faaswise.LocalFaas.Replicas;

/// <summary>Builds the command line and environment of a function's replica process.</summary>
internal sealed class ReplicaLauncher(GatewayOptions options)
{
    public ProcessStartInfo StartInfo(FunctionDefinition function)
    {
        var command = options.WatchdogCommand;
        var start = new ProcessStartInfo(command[0]);
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("watchdog");
        start.ArgumentList.Add("--function");
        start.ArgumentList.Add(function.Name);
        start.ArgumentList.Add("--mode");
        start.ArgumentList.Add(function.Mode.ToString().ToLowerInvariant());
        if (function.Mode == WatchdogMode.Builtin)
        {
            start.ArgumentList.Add("--builtin");
            start.ArgumentList.Add(function.Builtin!);
        }

        foreach (var (name, value) in options.ReplicaEnvironment) start.Environment[name] = value;
        foreach (var (name, value) in function.Deployment.EnvVars ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.Environment["fprocess"] = function.FProcess ?? (function.Builtin is { } b ? ForkedBuiltin(b) : null);
        start.Environment["exec_timeout"] = function.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return start;
    }

    /// <summary>The fprocess that runs a built-in once over stdin: <c>faaswise functions run NAME</c>.</summary>
    private string ForkedBuiltin(string name) =>
        string.Join(' ', options.WatchdogCommand.Append("functions").Append("run").Append(name).Select(Quote));

    private static string Quote(string word) => word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? word : $"'{word}'";
}
