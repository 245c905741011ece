using System.Globalization;

namespace Faaswise.Cli.Quickstart;

/// <summary>
/// What the quickstart measures, sized to its time budget. The full plan (the default 8 minutes) profiles four
/// built-ins with different profiles and samples every pair of three; under 4 minutes it runs the reduced plan CI
/// uses: three functions, shorter attacks, a short ES1. Every configuration is measured (no skip rule, so the
/// figures and the forecaster see the overloaded ones too) and there is no rest between attacks: the point is
/// minutes, and the report says so.
/// </summary>
internal sealed record QuickstartPlan(
    IReadOnlyList<string> ProfileFunctions,
    int[] ProfileRates,
    int Groups,
    IReadOnlyList<string> SampleFunctions,
    int SampleMaxRate,
    int SampleRateStep,
    int SampleIterations,
    int AttackSeconds,
    int WarmupSeconds,
    int Es1Seconds)
{
    public static QuickstartPlan For(double minutes) => minutes < 4
        ? new(["figlet", "shasum", "primes"], [10, 30], 2, ["figlet", "primes", "shasum"], 20, 20, 1, 2, 2, 60)
        : new(["figlet", "shasum", "eat-memory", "primes"], [10, 30, 50, 70], 3, ["figlet", "primes", "eat-memory"], 40, 20, 2, 3, 2, 300);

    public string[] ProfileArguments(string output) =>
    [
        "profile", "--functions", string.Join(',', ProfileFunctions), "--out", output,
        "--min-rate", Text(ProfileRates[0]), "--max-rate", Text(ProfileRates[^1]), "--rate-step", Text(ProfileRates.Length > 1 ? ProfileRates[1] - ProfileRates[0] : 10),
        "--iterations", "1", "--duration", Text(AttackSeconds) + "s", "--warmup", Text(WarmupSeconds) + "s", "--no-rest", "--skip-rule", "none",
    ];

    public string[] SampleArguments(string output) =>
    [
        "sample", "--functions", string.Join(',', SampleFunctions), "--min-functions", "2", "--max-functions", "2", "--out", output,
        "--max-rate", Text(SampleMaxRate), "--rate-step", Text(SampleRateStep), "--iterations", Text(SampleIterations),
        "--duration", Text(AttackSeconds) + "s", "--warmup", Text(WarmupSeconds) + "s", "--no-rest", "--skip-rule", "none",
    ];

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"no rest between attacks; profile {string.Join(", ", ProfileFunctions)} at {string.Join(", ", ProfileRates)} req/s; sample every pair of {string.Join(", ", SampleFunctions)} at 0-{SampleMaxRate} req/s step {SampleRateStep}, {SampleIterations} iteration(s); {AttackSeconds} s attacks after {WarmupSeconds} s warm-up; ES1 with T = {Es1Seconds} s");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
