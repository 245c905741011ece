namespace Faaswise.Sampling.Running;

/// <summary>How the sampler waits for the node to calm down before an iteration (DFaaS §1.7).</summary>
public sealed record RestOptions
{
    /// <summary>Wait at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>CPU, RAM and power must be at most this multiple of the idle baseline.</summary>
    public double Factor { get; init; } = 1.15;

    /// <summary>Added to the CPU bound, percent of one core: an idle node's CPU of 1-2 % fluctuates by more than 15 %.</summary>
    public double CpuSlackPercent { get; init; } = 5;

    /// <summary>Time between checks.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Give up after this long: the iteration fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Every function must have fewer replicas than this.</summary>
    public int ReplicasBelow { get; init; } = 2;
}
