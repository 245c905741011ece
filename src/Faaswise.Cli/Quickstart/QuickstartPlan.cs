using System.Globalization;
using Faaswise.Cli.Commands;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling.LightGbm;
using Faaswise.Modeling.Profiling;
using Faaswise.Qshuf.World;
using Faaswise.Sampling.Rules;
using Faaswise.Sampling.Running;
using Faaswise.Simulation.Engine;
using Faaswise.Simulation.Experiments;
using Faaswise.Simulation.Workloads;

namespace Faaswise.Cli.Quickstart;

/// <summary>
/// What the quickstart measures, sized to its time budget. The full plan (the default 8 minutes) profiles four
/// built-ins with different profiles and samples every pair of three; under 4 minutes it runs the reduced plan CI
/// uses: three functions, shorter attacks, a short ES1. Both end with a short live run of ES1 on runtime processes and
/// its simulated twin. Every configuration is measured (no skip rule, so the
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
    int Es1Seconds,
    int LiveSeconds)
{
    /// <summary>The policies of the live run and its simulated twin: QShuf's and ours.</summary>
    public const string LivePolicies = "qshuf,faaswise";

    /// <summary>The live run's ES1 cv: its bursts build queues, so SLO attainment is well below 100 % and the gap has something to measure.</summary>
    public const string LiveCv = "4";

    public static QuickstartPlan For(double minutes) => minutes < 4
        ? new(["figlet", "shasum", "primes"], [10, 30], 2, ["figlet", "primes", "shasum"], 20, 20, 1, 2, 2, 60, 5)
        : new(["figlet", "shasum", "eat-memory", "primes"], [10, 30, 50, 70], 3, ["figlet", "primes", "eat-memory"], 40, 20, 2, 3, 1, 300, 15);

    /// <summary>Profiling each function alone, every rate measured, no rest.</summary>
    public SampleRequest Profile(string output) => new()
    {
        Options = Measured(ProfileFunctions) with
        {
            Profile = true,
            MinRate = ProfileRates[0],
            MaxRate = ProfileRates[^1],
            RateStep = ProfileRates.Length > 1 ? ProfileRates[1] - ProfileRates[0] : 10,
            Iterations = 1,
        },
        Directory = output,
    };

    /// <summary>Sampling every pair, every configuration measured, no rest.</summary>
    public SampleRequest Sample(string output) => new()
    {
        Options = Measured(SampleFunctions) with { MinFunctions = 2, MaxFunctions = 2, MaxRate = SampleMaxRate, RateStep = SampleRateStep, Iterations = SampleIterations },
        Directory = output,
    };

    /// <summary>Grouping the profiled functions into <see cref="Groups"/> groups.</summary>
    public ClusterRequest Cluster(string profiles, string groupFile) => new(profiles, groupFile, Groups);

    /// <summary>Training on the pairs with the groups' rate features; leaves of 5 rows, as the datasets are small.</summary>
    public static TrainRequest Train(string samples, string groupFile, string model) =>
        new(samples, model, new TrainingOptions { Groups = GroupList.Read(groupFile), Booster = new LightGbmParameters { MinRowsPerLeaf = 5 } });

    /// <summary>Every policy with SLO admission on ES1 (every cv, seed 1, T = <see cref="Es1Seconds"/>) over a shipped cluster; no per-request logs.</summary>
    public SweepSpec Simulate(ClusterWorld cluster, string output) =>
        new(cluster, Sweep.Names, [.. Es1Catalog.CvSweep.Select(cv => WorkloadGenerators.Es1(cv, Es1Seconds, 1))], output, RequestLogs: false,
            Options: new SimulationOptions(Service: ServiceDistribution.Deterministic), Admissions: ["slo"]);

    /// <summary>
    /// The live run as <c>faaswise experiment run</c> takes it: ES1 over the local cluster's two models (ResNet-18 and a
    /// synthetic 256 MB model) at half rate, on runtime processes on one emulated GPU, both policies with SLO admission.
    /// </summary>
    public string[] Live(string output) =>
        ["experiment", "run", "--target", "local", "--cluster", "local", "--workload", "es1", "--cv", LiveCv, "--duration", string.Create(CultureInfo.InvariantCulture, $"{LiveSeconds}s"),
            "--load", "0.5", "--policy", LivePolicies, "--admission", "slo", "--rest", "1s", "--out", output];

    /// <summary>The live run's simulated twin: the same arrivals, the shipped local cluster file.</summary>
    public static string[] Twin(string live, string output) =>
        ["experiment", "run", "--target", "simulator", "--cluster", "local", "--workload", live, "--policy", LivePolicies, "--admission", "slo", "--out", output];

    /// <summary>The gap between the live run and its twin, written beside the live run.</summary>
    public static string[] Compare(string live, string twin) => ["experiment", "compare", live, twin];

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"no rest between attacks; profile {string.Join(", ", ProfileFunctions)} at {string.Join(", ", ProfileRates)} req/s; sample every pair of {string.Join(", ", SampleFunctions)} at 0-{SampleMaxRate} req/s step {SampleRateStep}, {SampleIterations} iteration(s); {AttackSeconds} s attacks after {WarmupSeconds} s warm-up; ES1 with T = {Es1Seconds} s simulated; live ES1 at cv {LiveCv} with T = {LiveSeconds} s");

    private SamplingOptions Measured(IReadOnlyList<string> functions) => new()
    {
        Functions = functions,
        MinFunctions = functions.Count,
        MaxFunctions = functions.Count,
        Duration = TimeSpan.FromSeconds(AttackSeconds),
        WarmUp = TimeSpan.FromSeconds(WarmupSeconds),
        Rest = new RestOptions { Enabled = false },
        Skip = SkipRule.None,
    };
}
