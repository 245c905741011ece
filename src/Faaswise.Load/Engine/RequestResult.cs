namespace Faaswise.Load.Engine;

/// <summary>
/// What happened to one scheduled request. Times are Unix epoch nanoseconds taken from one monotonic clock
/// anchored at the attack's start, so differences between them are exact durations.
/// </summary>
/// <param name="Target">Index of the target in the attack.</param>
/// <param name="Seq">Sequence number within that target, from 0.</param>
/// <param name="IntendedAt">When the arrival process said the request should be sent.</param>
/// <param name="SentAt">When its first byte was written (or the send was attempted, if nothing was written).</param>
/// <param name="CompletedAt">When the response body was read in full, or the request failed.</param>
/// <param name="StatusCode">HTTP status; 0 when no response arrived.</param>
/// <param name="BytesIn">Response body bytes read.</param>
/// <param name="BytesOut">Request body bytes.</param>
/// <param name="Error">Why it failed (a status outside 200..399, a socket error, a timeout); null on success.</param>
/// <param name="Dropped">True when the send was not made: refused by the in-flight cap, or still unsent after the end of the schedule.</param>
public readonly record struct RequestResult(
    int Target,
    long Seq,
    long IntendedAt,
    long SentAt,
    long CompletedAt,
    int StatusCode,
    long BytesIn,
    long BytesOut,
    string? Error,
    bool Dropped = false)
{
    /// <summary>Error text recorded for a send refused by the in-flight cap.</summary>
    public const string DroppedError = "dropped: in-flight limit reached";

    /// <summary>Error text recorded for a send still unsent after the end of the schedule (see <see cref="SchedulePlan.LateSendAllowance"/>).</summary>
    public const string BehindScheduleError = "dropped: generator behind schedule at the end of the attack";

    /// <summary>Error text recorded for a request still in flight when an interrupted attack gave up on it.</summary>
    public const string AbandonedError = "abandoned: interrupted while in flight";

    /// <summary>Latency from the intended send time, in ns: the figure that does not hide a stalled server.</summary>
    public long Latency => CompletedAt - IntendedAt;

    /// <summary>Service time from the actual send, in ns.</summary>
    public long ServiceTime => CompletedAt - SentAt;

    /// <summary>How late the send was against the schedule, in ns.</summary>
    public long Lag => SentAt - IntendedAt;

    /// <summary>The value of <see cref="AttackOptions.RequestIdHeader"/> for a request: <c>TARGET.SEQ</c>.</summary>
    public static string IdOf(int target, long seq) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{target}.{seq}");

    /// <summary>True for a response with status 200..399.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 400;
}
