using System.CommandLine;
using Faaswise.Load.Results;
using Faaswise.Reports;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise plot</c>: latency over time from saved request logs, as <c>vegeta plot</c> draws it.</summary>
internal static class PlotCommand
{
    public static Command Create(CliConsole console)
    {
        var logs = new Argument<string[]>("LOG") { Description = "Request logs, CSV or Parquet (attack --log, simulate's requests.csv, QShuf's wula logs); - or none for CSV on standard input", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--out", "-o") { Description = "The figure: FILE.png or FILE.svg", Required = true };
        var title = new Option<string>("--title") { Description = "Title above the plot", DefaultValueFactory = _ => "Latency over time" };
        var command = new Command("plot", "Plot each request's latency (from its intended send) against its send time, per URL, ok and failed apart.") { logs, output, title };
        command.SetAction(async (parse, cancellation) =>
        {
            var path = parse.GetValue(output)!;
            if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--out {path}: the figure is a .png or a .svg file");
            }

            var points = new LatencyOverTime();
            long read = 0;
            SavedLogs.Read(parse.GetValue(logs), rows => read += points.Add(rows));

            var series = points.AllSeries();
            if (series.Count == 0) throw new UsageException("the logs hold no answered requests to plot");
            Plot(series, parse.GetValue(title)!, path);
            await console.Error.WriteLineAsync($"plot: {read:N0} requests in {path}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Draws the series into <paramref name="path"/> (PNG or SVG by its extension).</summary>
    public static void Plot(IReadOnlyList<LatencyOverTime.Series> series, string title, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        new LineChart(title, "time since the first request (s)", "latency from the intended send (ms)",
            series.Select(s => new LineSeries(s.Label, s.Seconds, s.LatencyMs)).ToArray()) { PointsOnly = true }.SaveAs(path, 1000, 500);
    }
}
