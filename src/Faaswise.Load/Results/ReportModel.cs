using System.Text.Json.Serialization;

namespace Faaswise.Load.Results;

/// <summary>Latency statistics in nanoseconds, with vegeta's field names.</summary>
public sealed record LatencySummary(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("mean")] long Mean,
    [property: JsonPropertyName("50th")] long P50,
    [property: JsonPropertyName("90th")] long P90,
    [property: JsonPropertyName("95th")] long P95,
    [property: JsonPropertyName("99th")] long P99,
    [property: JsonPropertyName("max")] long Max,
    [property: JsonPropertyName("min")] long Min)
{
    /// <summary>All zero: no values.</summary>
    public static readonly LatencySummary Zero = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>Byte totals, with vegeta's field names.</summary>
public sealed record ByteSummary(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("mean")] double Mean)
{
    /// <summary>No bytes.</summary>
    public static readonly ByteSummary Zero = new(0, 0);
}

/// <summary>
/// Results of a set of requests (one target, or all), with vegeta's field names plus Faaswise's.
/// Times and durations are nanoseconds; <c>rate</c> and <c>throughput</c> are per second.
/// </summary>
public record ResultSummary
{
    /// <summary>Vegeta's "latencies": from the intended send time.</summary>
    [JsonPropertyName("latencies")] public LatencySummary Latencies { get; init; } = LatencySummary.Zero;

    /// <summary>From the actual send time (what a closed-loop tool would report).</summary>
    [JsonPropertyName("service_times")] public LatencySummary ServiceTimes { get; init; } = LatencySummary.Zero;

    /// <summary>Actual minus intended send time.</summary>
    [JsonPropertyName("schedule_lag")] public LatencySummary ScheduleLag { get; init; } = LatencySummary.Zero;

    /// <summary>Response body bytes.</summary>
    [JsonPropertyName("bytes_in")] public ByteSummary BytesIn { get; init; } = ByteSummary.Zero;

    /// <summary>Request body bytes.</summary>
    [JsonPropertyName("bytes_out")] public ByteSummary BytesOut { get; init; } = ByteSummary.Zero;

    /// <summary>First send, RFC 3339.</summary>
    [JsonPropertyName("earliest")] public DateTimeOffset Earliest { get; init; }

    /// <summary>Last send, RFC 3339.</summary>
    [JsonPropertyName("latest")] public DateTimeOffset Latest { get; init; }

    /// <summary>Last completion, RFC 3339.</summary>
    [JsonPropertyName("end")] public DateTimeOffset End { get; init; }

    /// <summary>Latest minus earliest send, ns.</summary>
    [JsonPropertyName("duration")] public long Duration { get; init; }

    /// <summary>End minus latest send, ns.</summary>
    [JsonPropertyName("wait")] public long Wait { get; init; }

    /// <summary>Requests sent (dropped ones excluded).</summary>
    [JsonPropertyName("requests")] public long Requests { get; init; }

    /// <summary>Achieved send rate, (requests − 1) / duration: exact for an evenly spaced schedule.</summary>
    [JsonPropertyName("rate")] public double Rate { get; init; }

    /// <summary>Successful responses per second, successes / (duration + wait).</summary>
    [JsonPropertyName("throughput")] public double Throughput { get; init; }

    /// <summary>Share of scheduled sends (dropped included) answered with status 200..399.</summary>
    [JsonPropertyName("success")] public double Success { get; init; }

    /// <summary>Responses by status code; "0" counts requests with no response.</summary>
    [JsonPropertyName("status_codes")] public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    /// <summary>Distinct error texts (vegeta's error set).</summary>
    [JsonPropertyName("errors")] public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>How often each error text occurred.</summary>
    [JsonPropertyName("error_counts")] public IReadOnlyDictionary<string, long> ErrorCounts { get; init; } = new Dictionary<string, long>();

    /// <summary>Sends refused by the in-flight cap.</summary>
    [JsonPropertyName("dropped")] public long Dropped { get; init; }
}

/// <summary>One target's results and what was asked of it.</summary>
public sealed record TargetReport : ResultSummary
{
    /// <summary>HTTP method.</summary>
    [JsonPropertyName("method")] public string Method { get; init; } = "";

    /// <summary>URL.</summary>
    [JsonPropertyName("url")] public string Url { get; init; } = "";

    /// <summary>The arrival process, with its parameters.</summary>
    [JsonPropertyName("arrival")] public string Arrival { get; init; } = "";

    /// <summary>Requested mean rate, per second (trace: arrivals / trace length).</summary>
    [JsonPropertyName("requested_rate")] public double RequestedRate { get; init; }
}

/// <summary>The whole attack: totals over all targets, then each target.</summary>
public sealed record AttackReport : ResultSummary
{
    /// <summary>Seed of the arrival processes.</summary>
    [JsonPropertyName("seed")] public int Seed { get; init; }

    /// <summary>True when stopped before the schedule ended.</summary>
    [JsonPropertyName("interrupted")] public bool Interrupted { get; init; }

    /// <summary>True when the p99 schedule lag exceeded <see cref="AttackMetrics.SaturationLagNs"/>: sends did not keep the schedule.</summary>
    [JsonPropertyName("generator_saturated")] public bool GeneratorSaturated { get; init; }

    /// <summary>Per-target sections, in target order.</summary>
    [JsonPropertyName("targets")] public IReadOnlyList<TargetReport> Targets { get; init; } = [];
}
