namespace Faaswise.Sampling.Rules;

/// <summary>DFaaS's overload rules (§1.7) and their thresholds.</summary>
public sealed record OverloadThresholds
{
    /// <summary>A function is overloaded below this success ratio.</summary>
    public double FunctionSuccess { get; init; } = 0.9;

    /// <summary>A function is overloaded at this many replicas or more.</summary>
    public int FunctionReplicas { get; init; } = 15;

    /// <summary>The node is overloaded when the mean success ratio (idle functions count as 1) is below this.</summary>
    public double NodeSuccess { get; init; } = 0.95;

    /// <summary>The node is overloaded above this share of its CPU (0.8 of 100 % x cores).</summary>
    public double NodeCpuShare { get; init; } = 0.8;

    /// <summary>The node is overloaded above this memory percentage.</summary>
    public double NodeRamPercent { get; init; } = 90;

    /// <summary>Whether a function is overloaded.</summary>
    public bool FunctionOverloaded(double success, int replicas) => success < FunctionSuccess || replicas >= FunctionReplicas;

    /// <summary>Whether the node is overloaded.</summary>
    public bool NodeOverloaded(IReadOnlyList<double> successes, double cpuPercent, int cores, double ramPercent, bool anyFunctionOverloaded)
    {
        ArgumentNullException.ThrowIfNull(successes);
        return (successes.Count > 0 && successes.Average() < NodeSuccess)
            || cpuPercent > NodeCpuShare * 100 * cores
            || ramPercent > NodeRamPercent
            || anyFunctionOverloaded;
    }
}
