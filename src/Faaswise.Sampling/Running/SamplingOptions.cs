using Faaswise.Sampling.Rules;

namespace Faaswise.Sampling.Running;

/// <summary>A sampling run's grid and procedure.</summary>
public sealed record SamplingOptions
{
    /// <summary>Functions to combine.</summary>
    public required IReadOnlyList<string> Functions { get; init; }

    /// <summary>Smallest combination size (inclusive).</summary>
    public int MinFunctions { get; init; }

    /// <summary>Largest combination size (inclusive).</summary>
    public int MaxFunctions { get; init; }

    /// <summary>Highest rate per function, requests/s.</summary>
    public int MaxRate { get; init; } = 200;

    /// <summary>Lowest rate per function, requests/s.</summary>
    public int MinRate { get; init; }

    /// <summary>Step of the rate grid.</summary>
    public int RateStep { get; init; } = 10;

    /// <summary>Repetitions of each configuration.</summary>
    public int Iterations { get; init; } = 3;

    /// <summary>Measured part of each attack.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Load sent before the measurement window opens (not measured).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Which configurations are skipped as sure to overload.</summary>
    public SkipRule Skip { get; init; } = SkipRule.Sound;

    /// <summary>Tries per iteration before it is recorded as failed.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Waiting for the node between iterations.</summary>
    public RestOptions Rest { get; init; } = new();

    /// <summary>Overload rules.</summary>
    public OverloadThresholds Overload { get; init; } = new();

    /// <summary>Profiler mode: single functions, one DFaaS profiler CSV per function.</summary>
    public bool Profile { get; init; }

    /// <summary>Request body per function (DFaaS's bodies by default, empty for others).</summary>
    public IReadOnlyDictionary<string, string> Bodies { get; init; } = DefaultBodies;

    /// <summary>DFaaS's request bodies (§1.6), for the functions it used.</summary>
    public static IReadOnlyDictionary<string, string> DefaultBodies { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["figlet"] = "Hello DFaas!", ["shasum"] = "abcde", ["nmap"] = "127.0.0.1", ["echo"] = "hello",
        ["primes"] = "", ["env"] = "", ["eat-memory"] = "",
    };
}
