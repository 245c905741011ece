namespace Faaswise.Qshuf.Policies;

/// <summary>The policies by name, each a composition of one component per extension point.</summary>
public static class PolicyCatalog
{
    /// <summary>Policy names, in the order results list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["pinned", "qshuf", "qshuf-mem", "lru-swap", "faaswise"];

    /// <summary>Admission rules by name.</summary>
    public static IReadOnlyList<string> Admissions { get; } = ["none", "slo"];

    /// <summary>Policies with a target utilisation to tune.</summary>
    public static IReadOnlyList<string> Tunable { get; } = ["pinned", "faaswise"];

    /// <summary>faaswise's target utilisation per copy, tuned on seeds 1-5 by bench/simulate/tune.py (never on the report seeds 101-105).</summary>
    public const double FaaswiseTargetUtilisation = 0.4;

    /// <summary>pinned's target utilisation per replica, tuned the same way (0.7 came out best, as before).</summary>
    public const double PinnedTargetUtilisation = 0.7;

    /// <summary>A fresh policy (components keep soft per-run state), or null for an unknown name or admission.</summary>
    public static Policy? Create(string name, string admission = "none", double? targetUtilisation = null)
    {
        IAdmission? gate = admission switch
        {
            "none" => new NoAdmission(),
            "slo" => new SloAdmission(),
            _ => null,
        };
        if (gate is null) return null;
        var none = new NoScaling();
        switch (name)
        {
            case "pinned":
                return new Policy(name, 5, new SpreadPlacement(), new RpsScaler(targetUtilisation ?? PinnedTargetUtilisation), none, new RoundRobinRouter(), gate);
            case "qshuf":
            case "qshuf-mem":
                var autoscaler = new QshufAutoscaler();
                var aware = name == "qshuf-mem";
                return new Policy(name, 5, new QshufPlacement(autoscaler.MaxReplicas, aware), new QshufScaler(autoscaler, aware), none, new RoundRobinRouter(), gate);
            case "lru-swap":
                return new Policy(name, 5, new EveryGpuPlacement(firstCopyResident: false), none, none, new LruSwapRouter(), gate);
            case "faaswise":
                var targets = new CopyTargets(targetUtilisation ?? FaaswiseTargetUtilisation);
                return new Policy(name, 0.5, new EveryGpuPlacement(firstCopyResident: true), targets, new PlannedPrefetch(targets), new EarliestCompletionRouter(targets), gate);
            default:
                return null;
        }
    }
}
