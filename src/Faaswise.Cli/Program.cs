using System.CommandLine;
using Faaswise.Cli.Commands;

namespace Faaswise.Cli;

/// <summary>The <c>faaswise</c> entry point: parsing and dispatch only.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args, CliConsole.System, CancellationToken.None);

    internal static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("Faaswise: measure, forecast and schedule serverless functions on OpenFaaS and Kubernetes.");
        root.Subcommands.Add(QuickstartCommand.Create(console));
        root.Subcommands.Add(AttackCommand.Create(console));
        root.Subcommands.Add(ReportCommand.Create(console));
        root.Subcommands.Add(PlotCommand.Create(console));
        root.Subcommands.Add(GatewayCommand.Create(console));
        root.Subcommands.Add(FunctionsCommand.Create(console));
        root.Subcommands.Add(SampleCommand.CreateSample(console));
        root.Subcommands.Add(SampleCommand.CreateProfile(console));
        root.Subcommands.Add(ClusterCommand.Create(console));
        root.Subcommands.Add(AssignCommand.Create(console));
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(EvaluateCommand.Create(console));
        root.Subcommands.Add(PredictCommand.Create(console));
        root.Subcommands.Add(ForecasterCommand.Create(console));
        root.Subcommands.Add(WorkloadCommand.Create(console));
        root.Subcommands.Add(SimulateCommand.Create(console));
        root.Subcommands.Add(ExperimentCommand.Create(console));
        root.Subcommands.Add(RuntimeCommand.Create(console));
        root.Subcommands.Add(QshufCommand.Create(console));
        root.Subcommands.Add(WatchdogCommand.Create(console));
        return root;
    }

    internal static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellation)
    {
        var root = BuildRoot(console);
        var parsed = root.Parse(args);
        var config = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(20),
        };
        if (parsed.Errors.Count > 0)
        {
            var group = parsed.CommandResult.Command;
            var path = CommandPath(parsed.CommandResult);
            var choices = string.Join(", ", group.Subcommands.Select(c => c.Name));
            string message;
            if (group.Action is null && group.Subcommands.Count > 0 && parsed.UnmatchedTokens.Count == 0)
            {
                // A bare group (`faaswise`, `faaswise qshuf`): its help, then what to choose.
                await root.Parse([.. path.Split(' ').Skip(1), "--help"]).InvokeAsync(config, cancellation).ConfigureAwait(false);
                message = $"{path}: choose one of {choices} (see {path} --help)";
            }
            else if (group.Action is null && group.Subcommands.Count > 0)
            {
                var typed = parsed.UnmatchedTokens[0];
                var guess = CommandSuggestion.Closest(typed, group.Subcommands.Select(c => c.Name));
                message = $"{path}: '{typed}' is not one of {choices}{(guess is null ? "" : $"; did you mean '{guess}'?")} (see {path} --help)";
            }
            else
            {
                message = $"faaswise: {parsed.Errors[0].Message} (see {path} --help)";
            }

            await console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await GuardAsync(() => parsed.InvokeAsync(config, cancellation), console).ConfigureAwait(false);
    }

    /// <summary>Runs a command's work and turns what it throws into the exit code and one-line reason every command gives.</summary>
    internal static async Task<int> GuardAsync(Func<Task<int>> run, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (e.InnerException is TimeoutException timeout)
        {
            // HttpClient's timeout arrives as a cancellation: a failure, not a Ctrl-C.
            await console.Error.WriteLineAsync($"faaswise: {timeout.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("faaswise: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (NativeLibraryProblem.Describe(e) is { } problem)
        {
            await console.Error.WriteLineAsync("faaswise: " + problem).ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"faaswise: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (FormatException e)
        {
            await console.Error.WriteLineAsync($"faaswise: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or Modeling.LightGbm.LightGbmException
            or Metrics.MetricsException or Experiments.ExperimentException or Sampling.Running.RestTimeoutException or OpenFaas.Client.OpenFaasException or TimeoutException)
        {
            await console.Error.WriteLineAsync($"faaswise: {e.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult) names.Add(r.Command is RootCommand ? "faaswise" : r.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
