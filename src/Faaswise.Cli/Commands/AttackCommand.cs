using System.CommandLine;
using System.Globalization;
using Faaswise.Load.Arrivals;
using Faaswise.Load.Engine;
using Faaswise.Load.Results;
using Faaswise.Load.Targets;
using Faaswise.Load.Units;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise attack</c>: open-loop HTTP load with intended-time latency.</summary>
internal static class AttackCommand
{
    public const double DefaultRate = 50;
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);

    public static Command Create(CliConsole console)
    {
        var url = new Option<string?>("--url") { Description = "URL to attack (http or https)" };
        var method = new Option<string>("--method") { Description = "HTTP method for --url", DefaultValueFactory = _ => "GET" };
        var body = new Option<string?>("--body") { Description = "Request body text for --url" };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "File whose bytes are the request body for --url" };
        var header = new Option<string[]>("--header") { Description = "Request header 'Name: value'; repeatable", AllowMultipleArgumentsPerToken = false };
        var targets = new Option<FileInfo?>("--targets") { Description = "Targets file (- for standard input): one vegeta JSON target per line ({\"method\",\"url\",\"body\" (base64),\"header\",\"rate\"}), or vegeta's text format (METHOD URL, then Name: value headers and @body-file)" };
        var rate = new Option<double>("--rate") { Description = "Requests per second, per target (targets may set their own)", DefaultValueFactory = _ => DefaultRate };
        var arrival = new Option<string>("--arrival") { Description = "Arrival process: constant, poisson, gamma (with --cv) or trace:FILE (one offset in seconds per line)", DefaultValueFactory = _ => ArrivalSpec.Constant };
        var cv = new Option<double>("--cv") { Description = "Coefficient of variation of gaps for --arrival gamma", DefaultValueFactory = _ => 1.0 };
        var duration = new Option<string?>("--duration") { Description = "How long to send, as in 500ms, 30s, 2m; 0 for no limit [default: 30s; a trace runs to its end]" };
        var maxInflight = new Option<int>("--max-inflight") { Description = "Most requests in flight; sends beyond it are dropped and counted", DefaultValueFactory = _ => AttackOptions.DefaultMaxInflight };
        var timeout = new Option<string>("--timeout") { Description = "Per-request timeout, as in 30s", DefaultValueFactory = _ => "30s" };
        var connections = new Option<int?>("--connections") { Description = "Most connections per host [default: no limit]; waiting for one shows as schedule lag" };
        var insecure = new Option<bool>("--insecure") { Description = "Accept any TLS certificate" };
        var seed = new Option<int?>("--seed") { Description = "Seed for poisson and gamma arrivals [default: random, printed in the report]" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout (vegeta's field names, nanoseconds)" };
        var log = new Option<FileInfo?>("--log") { Description = "Write one CSV row per request: RequestTime,ResponseTime,URL,StatusCode,Error,SentTime,BytesIn,BytesOut (epoch ns); - for standard output (the report then goes to standard error)" };
        var format = new Option<string?>("--format") { Description = "Format of --log: csv or parquet (typed columns for pandas, Polars, DuckDB; readable once the attack ends) [default: parquet for a .parquet file, else csv]" };
        var thresholds = Thresholds.Option();
        var plot = new Option<string?>("--plot") { Description = "Also draw latency over time into FILE.png or FILE.svg (as faaswise plot does from a log)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line" };
        var engine = new Option<EngineKind>("--engine") { Description = "auto: the event loop for plain http on Linux x86-64, else httpclient; eventloop; httpclient (https)", DefaultValueFactory = _ => EngineKind.Auto };

        var command = new Command("attack", "Send open-loop HTTP load on a schedule and report latency from the intended send time.")
        {
            url, method, body, bodyFile, header, targets, rate, arrival, cv, duration, maxInflight, timeout, connections, insecure, seed, json, log, format, thresholds, plot, quiet, engine,
        };

        command.SetAction(async (parse, cancellation) =>
        {
            var spec = ArrivalSpec.Parse(parse.GetValue(arrival)!, parse.GetValue(cv));
            if (parse.GetResult(cv) is { Implicit: false } && spec.Kind != ArrivalSpec.Gamma)
            {
                throw new UsageException("--cv applies to --arrival gamma only");
            }

            var ratePerSecond = parse.GetValue(rate);
            if (!(ratePerSecond > 0) || !double.IsFinite(ratePerSecond))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--rate must be > 0 requests per second (got {ratePerSecond})"));
            }

            var targetList = ReadTargets(parse.GetValue(url), parse.GetValue(targets), parse.GetValue(method)!, parse.GetValue(body), parse.GetValue(bodyFile), parse.GetValue(header) ?? []);
            var options = new AttackOptions
            {
                Duration = ResolveDuration(parse.GetValue(duration), spec),
                MaxInflight = parse.GetValue(maxInflight) is > 0 and var m ? m : throw new UsageException("--max-inflight must be > 0"),
                Timeout = DurationOption.Parse("--timeout", parse.GetValue(timeout)),
                MaxConnections = parse.GetValue(connections) is { } c ? c > 0 ? c : throw new UsageException("--connections must be > 0") : null,
                Insecure = parse.GetValue(insecure),
                Seed = parse.GetValue(seed) ?? Random.Shared.Next(),
                Engine = parse.GetValue(engine),
            };

            var plan = targetList.Select(t => new AttackTarget(t, spec.Create(t.Rate ?? ratePerSecond))).ToArray();
            var checks = Thresholds.Parse(parse.GetValue(thresholds));
            var figure = parse.GetValue(plot);
            if (figure is not null && !figure.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !figure.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--plot {figure}: the figure is a .png or a .svg file");
            }

            var logFile = parse.GetValue(log);
            var parquet = parse.GetValue(format) switch
            {
                null => logFile is not null && logFile.Name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase),
                "csv" => false,
                "parquet" => true,
                var f => throw new UsageException($"--format must be csv or parquet (got '{f}')"),
            };
            if (parquet && logFile?.ToString() == "-") throw new UsageException("--format parquet needs a --log file: Parquet is not written to a pipe");
            if (parse.GetValue(format) is not null && logFile is null) throw new UsageException("--format is the format of --log: give --log FILE");

            return await RunAsync(console, plan, options, logFile, parquet, parse.GetValue(json), parse.GetValue(quiet), checks, figure, cancellation).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, AttackTarget[] plan, AttackOptions options, FileInfo? logFile, bool parquet, bool json, bool quiet, IReadOnlyList<Threshold> thresholds, string? figure, CancellationToken cancellation)
    {
        // Socket continuations run on the epoll thread instead of hopping to the thread pool: one wake-up less per
        // request. Read once when the socket engine starts, which has not happened yet in this process.
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        var attacker = new Attacker(options);
        EngineKind kind;
        try
        {
            kind = attacker.EngineFor(plan);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var metrics = new AttackMetrics(plan);
        IResultSink? log = null;
        var toStdout = logFile?.ToString() == "-";
        var reportTo = toStdout ? console.Error : console.Out;
        if (toStdout)
        {
            // vegeta's pipe: the log on stdout for `faaswise report`, the report on stderr.
            log = new RequestLogWriter(console.Out, plan.Select(p => p.Target.Url.ToString()), leaveOpen: true);
        }
        else if (logFile is not null)
        {
            try
            {
                var urls = plan.Select(p => p.Target.Url.ToString());
                log = parquet ? ParquetRequestLogWriter.Create(logFile.FullName, urls) : RequestLogWriter.Create(logFile.FullName, urls);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write --log {logFile}: {e.Message}");
            }
        }


        var points = figure is null ? null : new LatencyOverTime([.. plan.Select(p => p.Target.Url.ToString())]);
        AttackOutcome outcome;
        using ((IDisposable?)log)
        {
            if (!quiet && console.Interactive)
            {
                await console.Error.WriteLineAsync(Describe(plan, options, kind)).ConfigureAwait(false);
            }

            await using (ProgressLine.Start(console, quiet, () => Render(attacker, metrics)))
            {
                var sink = ResultSinks.FanOut([metrics, .. new IResultSink?[] { log, points }.OfType<IResultSink>()]);
                outcome = await attacker.RunAsync(plan, sink, cancellation).ConfigureAwait(false);
            }
        }

        var report = metrics.Report(outcome, options.Seed);
        if (json)
        {
            JsonReport.Write(report, reportTo);
        }
        else
        {
            TextReport.Write(report, reportTo);
        }

        await reportTo.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (points is not null)
        {
            var series = points.AllSeries();
            if (series.Count > 0) PlotCommand.Plot(series, "Latency over time", figure!);
            else await console.Error.WriteLineAsync("attack: no answered request to plot").ConfigureAwait(false);
        }

        if (outcome.Interrupted) return ExitCodes.Interrupted;
        return Thresholds.Check(thresholds, report, console) ? ExitCodes.Success : ExitCodes.ThresholdFailed;
    }

    private static string Render(Attacker attacker, AttackMetrics metrics)
    {
        var elapsed = attacker.Elapsed;
        if (elapsed == TimeSpan.Zero) return "warming up the engine";
        var p = metrics.Progress();
        var sent = attacker.Sent;
        var rate = elapsed.TotalSeconds > 0 ? sent / elapsed.TotalSeconds : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{elapsed.TotalSeconds,7:0.0}s  sent {sent}  rate {ProgressLine.Rate(rate)}  done {p.Requests}  p99 {ProgressLine.Ns(p.P99Ns)}  errors {p.Failed}  dropped {p.Dropped}");
    }

    private static string Describe(AttackTarget[] plan, AttackOptions options, EngineKind kind)
    {
        var what = plan.Length == 1 ? plan[0].Target.ToString() : $"{plan.Length} targets";
        var arrivals = plan.Select(p => p.Arrivals.ToString()).Distinct().ToArray();
        var span = options.Duration is { } d ? "for " + DurationText.Format(d) : "until the schedule ends";
        return string.Create(CultureInfo.InvariantCulture, $"attack {what}: {string.Join(", ", arrivals)} {span}, seed {options.Seed}, {kind.ToString().ToLowerInvariant()} engine (Ctrl-C stops and reports)");
    }

    internal static IReadOnlyList<Target> ReadTargets(string? url, FileInfo? targetsFile, string method, string? body, FileInfo? bodyFile, string[] headers)
    {
        if (url is not null && targetsFile is not null) throw new UsageException("give --url or --targets, not both");
        if (url is null && targetsFile is null) throw new UsageException("give a target: --url URL or --targets FILE");
        if (targetsFile is not null)
        {
            if (body is not null || bodyFile is not null || headers.Length > 0)
            {
                throw new UsageException("--body, --body-file and --header apply to --url; put them in the targets file");
            }

            return TargetFile.Load(targetsFile.ToString() == "-" ? "-" : targetsFile.FullName);
        }

        if (body is not null && bodyFile is not null) throw new UsageException("give --body or --body-file, not both");
        var m = method.Trim().ToUpperInvariant();
        if (m.Length == 0 || !m.All(char.IsAsciiLetter)) throw new UsageException($"'{method}' is not an HTTP method");
        ReadOnlyMemory<byte> bytes = body is not null ? System.Text.Encoding.UTF8.GetBytes(body) : ReadOnlyMemory<byte>.Empty;
        if (bodyFile is not null)
        {
            try
            {
                bytes = File.ReadAllBytes(bodyFile.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read --body-file {bodyFile}: {e.Message}");
            }
        }

        return [new Target(m, Target.ParseUrl(url!), bytes, [.. headers.Select(ParseHeader)])];
    }

    private static KeyValuePair<string, string> ParseHeader(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw new UsageException($"--header '{text}' is not 'Name: value'");
        return new(text[..colon].Trim(), text[(colon + 1)..].Trim());
    }

    /// <summary>--duration 0 means no limit; without it a trace runs to its end and other processes for 30 s.</summary>
    private static TimeSpan? ResolveDuration(string? text, ArrivalSpec spec)
    {
        if (text is null) return spec.IsTrace ? null : DefaultDuration;
        var value = DurationOption.Parse("--duration", text, allowZero: true);
        return value == TimeSpan.Zero ? null : value;
    }

}
