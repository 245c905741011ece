namespace Faaswise.Simulation.Engine;

internal enum EventKind
{
    Arrival,
    InferenceDone,
    TransferDone,
    StartDone,
    Control,
    Second,
    ReadyDone,
    Crash,
    Restart,
}

internal readonly record struct SimEvent(EventKind Kind, int Index, Request? Request);

/// <summary>When an event is due: by time, then in the order events were scheduled.</summary>
internal readonly record struct EventKey(double Time, long Seq) : IComparable<EventKey>
{
    public int CompareTo(EventKey other)
    {
        var c = Time.CompareTo(other.Time);
        return c != 0 ? c : Seq.CompareTo(other.Seq);
    }
}

/// <summary>Future events by time; events at the same time in the order they were scheduled.</summary>
internal sealed class EventQueue
{
    // no comparer: the default one of a struct key is devirtualised and inlined
    private readonly PriorityQueue<SimEvent, EventKey> _heap = new(256);
    private long _seq;

    public int Count => _heap.Count;

    public void Schedule(double time, EventKind kind, int index, Request? request = null) =>
        _heap.Enqueue(new SimEvent(kind, index, request), new EventKey(time, _seq++));

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
}
