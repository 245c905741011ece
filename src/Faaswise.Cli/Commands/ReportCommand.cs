using System.CommandLine;
using Faaswise.Load.Results;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise report</c>: reports over saved request logs, as <c>vegeta report</c>, with k6's thresholds.</summary>
internal static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var logs = new Argument<string[]>("LOG") { Description = "Request logs, CSV or Parquet (attack --log, simulate's requests.csv, QShuf's wula logs); - or none for CSV on standard input", Arity = ArgumentArity.ZeroOrMore };
        var type = new Option<string>("--type") { Description = "text, json, hist[0,1ms,5ms] (latency buckets) or hdr (HdrHistogram's .hgrm percentile table, ms)", DefaultValueFactory = _ => "text" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the report; - for standard output", DefaultValueFactory = _ => "-" };
        var thresholds = Thresholds.Option();
        var command = new Command("report", "Report on saved request logs (latency from the intended send time, per URL and overall); exit 3 when a --threshold fails.")
        {
            logs, type, output, thresholds,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var kind = parse.GetValue(type)!;
            var edges = kind.StartsWith("hist", StringComparison.Ordinal) ? LogReport.HistogramEdges(kind) : null;
            if (edges is null && kind is not ("text" or "json" or "hdr")) throw new UsageException($"--type '{kind}' is not one of text, json, hist[...], hdr");
            var checks = Thresholds.Parse(parse.GetValue(thresholds));
            var report = new LogReport(edges);
            SavedLogs.Read(parse.GetValue(logs), report.Add);

            var target = parse.GetValue(output)!;
            var writer = target == "-" ? console.Out : new StreamWriter(target);
            try
            {
                var summary = report.Report();
                if (edges is not null) report.WriteHistogram(writer);
                else if (kind == "hdr") report.WriteHdr(writer);
                else if (kind == "json") JsonReport.Write(summary, writer);
                else TextReport.Write(summary, writer);
                await writer.FlushAsync(cancellation).ConfigureAwait(false);
                if (report.Rows == 0) await console.Error.WriteLineAsync("report: the logs hold no requests").ConfigureAwait(false);
                return Thresholds.Check(checks, summary, console) ? ExitCodes.Success : ExitCodes.ThresholdFailed;
            }
            finally
            {
                if (!ReferenceEquals(writer, console.Out)) await writer.DisposeAsync().ConfigureAwait(false);
            }
        });
        return command;
    }
}
