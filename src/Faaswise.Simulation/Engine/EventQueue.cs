namespace Faaswise.Simulation.Engine;

internal enum EventKind
{
    Arrival,
    InferenceDone,
    TransferDone,
    StartDone,
    Control,
    Second,
}

internal readonly record struct SimEvent(EventKind Kind, int Index, Request? Request);

/// <summary>Future events by time; events at the same time in the order they were scheduled.</summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<SimEvent, (double Time, long Seq)> _heap = new(256, TimeThenSequence.Instance);
    private long _seq;

    public int Count => _heap.Count;

    public void Schedule(double time, EventKind kind, int index, Request? request = null) =>
        _heap.Enqueue(new SimEvent(kind, index, request), (time, _seq++));

    public bool TryNext(out SimEvent e, out double time)
    {
        if (_heap.TryDequeue(out e, out var key))
        {
            time = key.Time;
            return true;
        }

        time = 0;
        return false;
    }

    private sealed class TimeThenSequence : IComparer<(double Time, long Seq)>
    {
        public static readonly TimeThenSequence Instance = new();

        public int Compare((double Time, long Seq) x, (double Time, long Seq) y)
        {
            var c = x.Time.CompareTo(y.Time);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        }
    }
}
