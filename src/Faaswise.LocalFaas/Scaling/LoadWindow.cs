namespace Faaswise.LocalFaas.Scaling;

/// <summary>
/// Samples of a function's cumulative request count and in-flight count; gives requests/s and mean in-flight over
/// the window. Times are monotonic.
/// </summary>
public sealed class LoadWindow(TimeSpan window)
{
    private readonly Queue<(TimeSpan At, long Requests, int Inflight)> _samples = new();

    /// <summary>Adds a sample.</summary>
    public void Add(TimeSpan at, long cumulativeRequests, int inflight)
    {
        _samples.Enqueue((at, cumulativeRequests, inflight));
        while (_samples.Count > 2 && _samples.Peek().At < at - window) _samples.Dequeue();
    }

    /// <summary>Requests per second between the oldest and newest sample; 0 with fewer than two.</summary>
    public double RequestsPerSecond
    {
        get
        {
            if (_samples.Count < 2) return 0;
            var first = _samples.Peek();
            var last = _samples.Last();
            var seconds = (last.At - first.At).TotalSeconds;
            return seconds > 0 ? (last.Requests - first.Requests) / seconds : 0;
        }
    }

    /// <summary>Mean in-flight requests over the samples.</summary>
    public double MeanInflight => _samples.Count == 0 ? 0 : _samples.Average(s => s.Inflight);

    /// <summary>The load of the given type.</summary>
    public double Load(ScalingType type) => type == ScalingType.Rps ? RequestsPerSecond : MeanInflight;
}
