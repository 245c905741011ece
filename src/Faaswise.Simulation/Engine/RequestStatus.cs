namespace Faaswise.Simulation.Engine;

/// <summary>How a request ended, as an HTTP status.</summary>
public static class RequestStatus
{
    /// <summary>Answered.</summary>
    public const int Ok = 200;

    /// <summary>Not answered within the function's timeout (QShuf's 408).</summary>
    public const int Timeout = 408;

    /// <summary>Dropped before running because its predicted finish missed its deadline (QShuf reused 499 for this; we do not).</summary>
    public const int EarlyDrop = 429;

    /// <summary>Refused by the gateway: no ready replica, or the policy refused it.</summary>
    public const int Refused = 503;

    /// <summary>The replica's process died while the request was queued or running (the gateway's 502).</summary>
    public const int Crashed = 502;

    /// <summary>The statuses in the order summaries list them.</summary>
    public static IReadOnlyList<int> All { get; } = [Ok, Timeout, EarlyDrop, Refused, Crashed];
}
