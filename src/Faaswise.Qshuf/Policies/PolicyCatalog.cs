namespace Faaswise.Qshuf.Policies;

/// <summary>The policies by name.</summary>
public static class PolicyCatalog
{
    /// <summary>Names, in the order results list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["pinned", "qshuf", "lru-swap", "faaswise", "oracle"];

    /// <summary>A fresh policy (policies keep per-run state), or null for an unknown name.</summary>
    public static IPolicy? Create(string name) => name switch
    {
        "pinned" => new PinnedPolicy(),
        "qshuf" => new QshufPolicy(),
        "lru-swap" => new LruSwapPolicy(),
        "faaswise" => new FaaswisePolicy(),
        "oracle" => new OraclePolicy(),
        _ => null,
    };
}
