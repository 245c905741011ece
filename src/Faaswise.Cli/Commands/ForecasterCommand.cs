using System.CommandLine;
using Faaswise.Modeling.Service;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise forecaster serve</c>: the forecaster HTTP service.</summary>
internal static class ForecasterCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "Model directory (POST /reload reads it again)", Required = true };
        var port = new Option<int>("--port") { Description = "Port; 0 picks a free one (the DFaaS agent expects 8000)", DefaultValueFactory = _ => 8000 };
        var address = new Option<string>("--address") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var modelType = new Option<string>("--model-type") { Description = "What the agent endpoints answer: regression, quantile005 or quantile095 (per request: ?model=)", DefaultValueFactory = _ => "regression" };
        var serve = new Command("serve", "Serve predictions over HTTP until Ctrl-C: DFaaS agent endpoints (/cpu_usage_node, /ram_usage_node, /power_usage_node, /node_usage), /predict, /health, /ready, POST /reload.")
        {
            model, port, address, modelType,
        };
        serve.SetAction(async (parse, cancellation) =>
        {
            var type = parse.GetValue(modelType)!;
            if (type is not ("regression" or "quantile005" or "quantile095")) throw new UsageException($"--model-type must be regression, quantile005 or quantile095 (got '{type}')");
            if (parse.GetValue(port) is < 0 or > 65535) throw new UsageException($"--port must be 0-65535 (got {parse.GetValue(port)})");
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
            var options = new ForecasterServerOptions { ModelDirectory = Path.GetFullPath(parse.GetValue(model)!), Port = parse.GetValue(port), Address = parse.GetValue(address)!, ModelType = type };
            using var logs = StderrLoggerProvider.Factory(console.Error, "forecaster", Microsoft.Extensions.Logging.LogLevel.Warning);
            await using var server = await ForecasterServer.StartAsync(options, logs, cancellation).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"forecaster: listening on {server.Url.ToString().TrimEnd('/')} (model {options.ModelDirectory})").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await console.Out.WriteLineAsync("forecaster: stopped").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return new Command("forecaster", "The forecaster service.") { serve };
    }
}
