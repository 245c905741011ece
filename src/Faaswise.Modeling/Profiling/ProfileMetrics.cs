namespace Faaswise.Modeling.Profiling;

/// <summary>The columns of a profile file and their units.</summary>
public static class ProfileMetrics
{
    /// <summary>The profile file's header.</summary>
    public const string Header = "name,rate,success_rate,cpu_usage,ram_usage,power_usage,overloaded,medium_latency";

    /// <summary>The six metrics a function's profile vector is made of, in DFaaS's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["success_rate", "cpu_usage", "ram_usage", "power_usage", "overloaded", "medium_latency"];

    /// <summary>Units of <see cref="Names"/>.</summary>
    public static IReadOnlyList<string> Units { get; } = ["ratio", "percent of one core", "bytes", "microwatts", "0/1", "nanoseconds"];

    /// <summary>Indexes of the resource metrics (CPU, RAM, power) that rank clusters from HIGH to LOW usage.</summary>
    public static IReadOnlyList<int> Resources { get; } = [1, 2, 3];
}
