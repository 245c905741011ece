using System.CommandLine;
using Faaswise.LocalFaas;
using Faaswise.LocalFaas.Builtins;
using Faaswise.LocalFaas.Gateway;
using Faaswise.OpenFaas.Api;
using Faaswise.OpenFaas.Client;
using Faaswise.OpenFaas.Stack;
using Microsoft.Extensions.Logging;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise gateway</c>: the embedded OpenFaaS-compatible gateway, until Ctrl-C or SIGTERM.</summary>
internal static class GatewayCommand
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one", DefaultValueFactory = _ => GatewayOptions.DefaultPort };
        var address = new Option<string>("--address") { Description = "Address to listen on (functions are open to anyone who can connect)", DefaultValueFactory = _ => "127.0.0.1" };
        var stack = new Option<FileInfo?>("--stack") { Description = "OpenFaaS stack.yml whose functions to deploy at start" };
        var builtins = new Option<bool>("--builtins") { Description = "Deploy every built-in function at start (see `faaswise functions list`)" };
        var passwordFile = new Option<FileInfo?>("--password-file") { Description = "File holding the admin password [default: $OPENFAAS_PASSWORD, else ~/.config/faaswise/gateway-password, created on first start]" };
        var noAutoscale = new Option<bool>("--no-autoscale") { Description = "Keep replica counts where deployments and scale calls put them" };
        var timeout = new Option<string>("--timeout") { Description = "Default per-request timeout, queueing included (a function's exec_timeout overrides)", DefaultValueFactory = _ => "60s" };
        var maxInflight = new Option<int>("--max-inflight") { Description = "Default requests one replica runs at once (a function's max_inflight overrides)", DefaultValueFactory = _ => 64 };
        var maxQueue = new Option<int>("--max-queue") { Description = "Default requests waiting per replica before 429 (a function's max_queue overrides)", DefaultValueFactory = _ => 256 };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also log what replica processes print" };
        var command = new Command("gateway", "Run an OpenFaaS-compatible gateway whose function replicas are local processes, until Ctrl-C.")
        {
            port, address, stack, builtins, passwordFile, noAutoscale, timeout, maxInflight, maxQueue, verbose,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            // Socket completions run inline on the epoll thread: the forwarding path never blocks (bench/gateway).
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
            var deployments = new List<FunctionDeployment>();
            if (parse.GetValue(stack) is { } stackFile)
            {
                var file = StackFile.Load(stackFile.FullName);
                foreach (var f in file.Functions.Where(f => f.NotEnforcedLocally().Count > 0))
                {
                    await console.Error.WriteLineAsync($"gateway: warning: {file.Source}: functions.{f.Name}: {string.Join(", ", f.NotEnforcedLocally())} stored (shown by /system/functions) but not enforced on local processes").ConfigureAwait(false);
                }

                deployments.AddRange(file.Functions.Select(f => f.ToDeployment()));
            }
            if (parse.GetValue(builtins))
            {
                deployments.AddRange(BuiltinFunctions.Names.Concat(ModelFunctions.Names).Where(n => deployments.All(d => d.Service != n))
                    .Select(n => new FunctionDeployment { Service = n, Image = BuiltinFunctions.ImagePrefix + n }));
            }

            var options = new GatewayOptions
            {
                Address = parse.GetValue(address)!,
                Port = parse.GetValue(port) is >= 0 and <= 65535 ? parse.GetValue(port) : throw new UsageException($"--port must be 0-65535 (got {parse.GetValue(port)})"),
                WatchdogCommand = SelfCommand.Current(),
                Autoscaling = !parse.GetValue(noAutoscale),
                DefaultTimeout = DurationOption.Parse("--timeout", parse.GetValue(timeout)),
                DefaultMaxInflight = parse.GetValue(maxInflight) is var mi and >= 1 ? mi : throw new UsageException("--max-inflight must be ≥ 1"),
                DefaultMaxQueue = parse.GetValue(maxQueue) is var mq and >= 0 ? mq : throw new UsageException("--max-queue must be ≥ 0"),
            };
            foreach (var d in deployments) FunctionDefinitionCheck(d, options);

            var credentials = Credentials(parse.GetValue(passwordFile), console);
            using var logs = StderrLoggerProvider.Factory(console.Error, "gateway", parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
            await using var host = await GatewayHost.StartAsync(options, credentials, logs, cancellation).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"gateway: listening on {host.Url.ToString().TrimEnd('/')} (user {credentials.User}, password from {credentials.Source})").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellation).ConfigureAwait(false);
            foreach (var d in deployments) host.Deploy(d);
            try
            {
                if (deployments.Count > 0)
                {
                    await host.WaitUntilReadyAsync(ReadyTimeout, cancellation).ConfigureAwait(false);
                    await console.Out.WriteLineAsync($"gateway: ready: {string.Join(", ", host.Functions)}").ConfigureAwait(false);
                    await console.Out.FlushAsync(cancellation).ConfigureAwait(false);
                }

                await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (TimeoutException e)
            {
                await console.Error.WriteLineAsync($"gateway: warning: {e.Message}; still serving").ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            await console.Error.WriteLineAsync("gateway: stopping every replica").ConfigureAwait(false);
            await host.StopAsync().ConfigureAwait(false);
            await console.Error.WriteLineAsync("gateway: stopped").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void FunctionDefinitionCheck(FunctionDeployment deployment, GatewayOptions options) =>
        LocalFaas.Functions.FunctionDefinition.From(deployment, options);

    private static GatewayCredentials Credentials(FileInfo? file, CliConsole console)
    {
        if (file is not null) return GatewayCredentials.FromFile(file.FullName);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENFAAS_PASSWORD"))) return GatewayCredentials.FromEnvironment();
        var path = GatewayCredentials.DefaultLocalPasswordFile;
        var (credentials, created) = PasswordFile.LoadOrCreate(path);
        if (created is not null)
        {
            // Never on stdout, where logs and CI output keep it: say where the file is and how to use it.
            console.Error.WriteLine($"gateway: created an admin password in {path} (mode 0600); faas-cli login --password-stdin < {path}");
        }

        return credentials;
    }
}
