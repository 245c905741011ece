using System.CommandLine;
using System.Text.Json;
using Faaswise.Modeling.Forecasting;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise predict</c>: predictions with intervals and extrapolation flags.</summary>
internal static class PredictCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "Model directory (faaswise train's output)", Required = true };
        var input = new Option<string>("--input")
        {
            Description = "JSON object or array of objects: inline, a file, or - for stdin; fields are the model's features, e.g. {\"rate_group_HIGH_USAGE\": 20, \"node_type\": 1}",
            Required = true,
        };
        var explain = new Option<bool>("--explain") { Description = "Add each input's contribution to the node targets and the overload log-odds (LightGBM's TreeSHAP): base + contributions = prediction" };
        var command = new Command("predict", "Predict node and group usage for request rates, with the 5%-95% interval and a flag when an input lies outside the training range.")
        {
            model, input, explain,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var text = parse.GetValue(input)!;
            text = text == "-" ? await Console.In.ReadToEndAsync(cancellation).ConfigureAwait(false)
                : text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[') ? text
                : File.Exists(text) ? await File.ReadAllTextAsync(text, cancellation).ConfigureAwait(false)
                : throw new UsageException($"--input '{text}' is neither JSON nor a file");
            var (inputs, isArray) = ForecastRequest.Parse(System.Text.Encoding.UTF8.GetBytes(text));
            var forecaster = ModelDirectory.Load(parse.GetValue(model)!);
            var forecasts = inputs.Select(i => forecaster.Predict(i)).ToList();
            if (parse.GetValue(explain)) forecasts = forecasts.Select((f, k) => f with { Explanation = forecaster.Explain(inputs[k]) }).ToList();
            foreach (var f in forecasts.Where(f => f.Extrapolated))
            {
                await console.Error.WriteLineAsync($"warning: extrapolating outside the training range: {string.Join(", ", f.OutsideDomain)}").ConfigureAwait(false);
            }

            object output = isArray ? forecasts : forecasts[0];
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(output, Modeling.ModelingJson.Indented)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
