using System.CommandLine;
using Faaswise.Load.Results;

namespace Faaswise.Cli.Commands;

/// <summary>The <c>--threshold</c> option that <c>attack</c> and <c>report</c> share: k6's pass/fail conditions for CI.</summary>
internal static class Thresholds
{
    public static Option<string[]> Option() => new("--threshold")
    {
        Description = "Fail (exit 3) unless the report meets it: p50|p90|p95|p99|mean|max|lag_p99 <|<=|>|>= DURATION, success>99.9%, rate>=N, throughput>N, errors<=N; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    public static IReadOnlyList<Threshold> Parse(string[]? texts)
    {
        try
        {
            return (texts ?? []).Select(Threshold.Parse).ToArray();
        }
        catch (FormatException e)
        {
            throw new UsageException("--threshold: " + e.Message);
        }
    }

    /// <summary>Checks them, one line each on standard error; true when all pass (or none was given).</summary>
    public static bool Check(IReadOnlyList<Threshold> thresholds, ResultSummary report, CliConsole console) =>
        thresholds.Count == 0 || Threshold.CheckAll(thresholds, report, console.Error);
}
