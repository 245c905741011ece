namespace Faaswise.Simulation.Workloads;

/// <summary>
/// QShuf's ES1 functions in the order its driver starts them (20 s apart), with their mean inter-arrival time mu in
/// seconds: the "theoretical latency" of each model, so that each function alone offers one replica's capacity.
/// </summary>
public static class Es1Catalog
{
    /// <summary>Start order and mu, seconds.</summary>
    public static IReadOnlyList<(string Function, double Mu)> Functions { get; } =
    [
        ("llama2-7b", 0.60), ("whisper-v2", 0.26), ("opt-1dot3b", 0.30), ("vggnet-11", 0.09), ("resnet-152", 0.10),
        ("resnet-50", 0.07), ("bert-qa", 0.07), ("resnet-18", 0.07), ("labse", 0.16), ("bert", 0.06),
    ];

    /// <summary>The cv sweep.</summary>
    public static IReadOnlyList<double> CvSweep { get; } = [0.1, 1, 2, 4, 8];

    /// <summary>Seconds between two functions' starts.</summary>
    public const double StaggerSeconds = 20;

    /// <summary>The run length T, seconds.</summary>
    public const double DurationSeconds = 600;
}
