namespace Faaswise.Load.Results;

/// <summary>One row of a request log; times are Unix epoch nanoseconds.</summary>
/// <param name="RequestTime">Intended send time (latency = ResponseTime − RequestTime, as QShuf's collectors compute it).</param>
/// <param name="ResponseTime">Completion time.</param>
/// <param name="Url">Target URL.</param>
/// <param name="StatusCode">HTTP status; 0 for no response.</param>
/// <param name="Error">Error text, or null.</param>
/// <param name="SentTime">Actual send time; null in logs that lack the column.</param>
/// <param name="BytesIn">Response body bytes; null in logs that lack the column.</param>
/// <param name="BytesOut">Request body bytes; null in logs that lack the column.</param>
public sealed record RequestLogRow(
    long RequestTime,
    long ResponseTime,
    string Url,
    int StatusCode,
    string? Error,
    long? SentTime = null,
    long? BytesIn = null,
    long? BytesOut = null)
{
    /// <summary>A send the generator dropped (in-flight limit, or behind schedule at the end): it has no latency.</summary>
    public bool Dropped => Error?.StartsWith("dropped:", StringComparison.Ordinal) ?? false;
}
