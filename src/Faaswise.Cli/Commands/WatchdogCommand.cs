using System.CommandLine;
using Faaswise.LocalFaas.Watchdog;
using Faaswise.OpenFaas.Api;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise watchdog</c>: the process behind one gateway replica (started by the gateway, not by hand).</summary>
internal static class WatchdogCommand
{
    public static Command Create(CliConsole console)
    {
        var function = new Option<string>("--function") { Description = "Function name", Required = true };
        var mode = new Option<WatchdogMode>("--mode") { Description = "builtin, fork (fprocess per request) or http (fprocess serves on $PORT)", Required = true };
        var builtin = new Option<string?>("--builtin") { Description = "Built-in function to serve in builtin mode" };
        var command = new Command("watchdog", "Run one function replica: serve it on a free loopback port, print the ready line, exit when stdin closes. " +
            "fork and http modes read fprocess and exec_timeout from the environment, as OpenFaaS's watchdogs do.")
        {
            function, mode, builtin,
        };
        command.Hidden = true;
        command.SetAction(async (parse, cancellation) =>
        {
            var timeout = Environment.GetEnvironmentVariable("exec_timeout");
            var options = new WatchdogOptions
            {
                Function = parse.GetValue(function)!,
                Mode = parse.GetValue(mode),
                Builtin = parse.GetValue(builtin),
                FProcess = Environment.GetEnvironmentVariable("fprocess"),
                ExecTimeout = timeout is null ? WatchdogOptions.DefaultExecTimeout
                    : GoDuration.TryParse(timeout, out var t) && t > TimeSpan.Zero ? t : throw new UsageException($"exec_timeout '{timeout}' is not a duration such as 30s"),
            };
            return await WatchdogServer.RunAsync(options, console.Out, console.Error, cancellation).ConfigureAwait(false);
        });
        return command;
    }
}
