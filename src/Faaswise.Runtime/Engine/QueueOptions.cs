namespace Faaswise.Runtime.Engine;

/// <summary>QShuf's data-plane rules: one FIFO queue, a deadline per request and early drop of a predicted miss.</summary>
public sealed record QueueOptions
{
    /// <summary>Requests that run at once.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>A request's deadline from when it was queued (QShuf's <c>read_timeout</c>, 5 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Drop a request when its remaining time is below the mean of the last three request times times this (QShuf's <c>TIMEOUT_FACTOR</c>); 0 turns early drop off.</summary>
    public double TimeoutFactor { get; init; } = 1.5;

    /// <summary>Request times the early-drop rule averages.</summary>
    public int DropWindow { get; init; } = 3;
}

/// <summary>How a queued request ended.</summary>
public enum QueueOutcome
{
    /// <summary>Ran to completion.</summary>
    Completed,

    /// <summary>Not done by its deadline (408).</summary>
    TimedOut,

    /// <summary>Dropped before running, predicted to miss its deadline (499).</summary>
    Dropped,

    /// <summary>The client went away first.</summary>
    Cancelled,

    /// <summary>The model failed (500).</summary>
    Failed,
}

/// <summary>One queued request's end: its outcome, the result or error, and its times (Unix seconds).</summary>
public sealed record QueueResult<T>(QueueOutcome Outcome, T? Value, string? Error, double EnqueuedAt, double StartedAt, double EndedAt)
{
    /// <summary>Seconds from queueing to the end (QShuf's <c>exec_time</c>).</summary>
    public double TotalSeconds => EndedAt - EnqueuedAt;

    /// <summary>Seconds spent waiting in the queue.</summary>
    public double QueueSeconds => (StartedAt > 0 ? StartedAt : EndedAt) - EnqueuedAt;
}
