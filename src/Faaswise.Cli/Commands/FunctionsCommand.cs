using System.CommandLine;
using System.Text.Json;
using Faaswise.LocalFaas.Builtins;
using Faaswise.LocalFaas.Watchdog;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise functions list|run</c>: the built-in functions.</summary>
internal static class FunctionsCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the list as JSON" };
        var list = new Command("list", "Describe the built-in functions the gateway can run (image faaswise/<name>).") { json };
        list.SetAction(async (parse, cancellation) =>
        {
            if (parse.GetValue(json))
            {
                var rows = BuiltinFunctions.All.Select(f => new { name = f.Name, image = BuiltinFunctions.ImagePrefix + f.Name, profile = f.Profile, description = f.Description, example_body = f.ExampleBody })
                    .Concat(ModelFunctions.All.Select(m => new { name = m.Key, image = BuiltinFunctions.ImagePrefix + m.Key, profile = "model", description = m.Value, example_body = "(a PNG or JPEG image)" }));
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(rows)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var nameWidth = BuiltinFunctions.All.Max(f => f.Name.Length) + 2;
            await console.Out.WriteLineAsync($"{"NAME".PadRight(nameWidth)}{"PROFILE",-9}DESCRIPTION").ConfigureAwait(false);
            foreach (var f in BuiltinFunctions.All)
            {
                await console.Out.WriteLineAsync($"{f.Name.PadRight(nameWidth)}{f.Profile,-9}{f.Description}").ConfigureAwait(false);
            }

            foreach (var (modelName, description) in ModelFunctions.All)
            {
                await console.Out.WriteLineAsync($"{modelName.PadRight(nameWidth)}{"model",-9}{description}").ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync().ConfigureAwait(false);
            await console.Out.WriteLineAsync("Deploy one with image faaswise/<name>; `faaswise gateway --builtins` deploys them all.").ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var name = new Argument<string>("name") { Description = "Built-in function name" };
        var run = new Command("run", "Run a built-in once: request body from stdin, response body to stdout (fork mode's fprocess).") { name };
        run.SetAction(async (parse, cancellation) =>
        {
            var function = BuiltinFunctions.Create(parse.GetValue(name)!)
                ?? throw new UsageException($"no built-in function '{parse.GetValue(name)}' (built-ins: {string.Join(", ", BuiltinFunctions.Names)})");
            using var input = new MemoryStream();
            await using (var stdin = Console.OpenStandardInput())
            {
                await stdin.CopyToAsync(input, cancellation).ConfigureAwait(false);
            }

            var response = await function.InvokeAsync(FunctionRequest.FromBody(input.ToArray()), cancellation).ConfigureAwait(false);
            await using var stdout = Console.OpenStandardOutput();
            if (response.StatusCode >= 400)
            {
                await console.Error.WriteAsync(System.Text.Encoding.UTF8.GetString(response.Body.Span)).ConfigureAwait(false);
                return ExitCodes.RuntimeFailure;
            }

            await stdout.WriteAsync(response.Body, cancellation).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var serveName = new Argument<string>("name") { Description = "Built-in function name" };
        var port = new Option<int?>("--port") { Description = "Loopback port [default: $PORT, else 8080]" };
        var serve = new Command("serve", "Serve a built-in over HTTP on a loopback port until Ctrl-C (an http-mode fprocess, or a baseline without the gateway).") { serveName, port };
        serve.SetAction(async (parse, cancellation) =>
        {
            var name = parse.GetValue(serveName)!;
            if (BuiltinFunctions.Create(name) is null) throw new UsageException($"no built-in function '{name}' (built-ins: {string.Join(", ", BuiltinFunctions.Names)})");
            var listen = parse.GetValue(port)
                ?? (int.TryParse(Environment.GetEnvironmentVariable("PORT"), System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 8080);
            if (listen is < 0 or > 65535) throw new UsageException($"port must be 0-65535 (got {listen})");
            var options = new WatchdogOptions { Function = name, Mode = WatchdogMode.Builtin, Builtin = name, Port = listen, ExitOnStdinClose = false };
            return await WatchdogServer.RunAsync(options, console.Out, console.Error, cancellation).ConfigureAwait(false);
        });

        return new Command("functions", "The built-in functions: list them, run one over stdin, or serve one over HTTP.") { list, run, serve };
    }
}
