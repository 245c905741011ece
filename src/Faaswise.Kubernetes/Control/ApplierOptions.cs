namespace Faaswise.Kubernetes.Control;

/// <summary>How decisions are applied: workers, rate, retries, and how long a start's intent waits for its pod.</summary>
public sealed record ApplierOptions
{
    /// <summary>Decisions applied at once (each key one at a time).</summary>
    public int Workers { get; init; } = 8;

    /// <summary>Decisions started per second, steady.</summary>
    public int PerSecond { get; init; } = 20;

    /// <summary>Decisions started at once after a quiet spell.</summary>
    public int Burst { get; init; } = 50;

    /// <summary>Tries of a decision that fails for now (QShuf tried a move 3 times).</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>Wait before the second try; doubles each time.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between tries.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a start's placement intent waits for a pod to take it.</summary>
    public TimeSpan IntentLifetime { get; init; } = TimeSpan.FromSeconds(90);
}
