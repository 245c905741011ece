using Faaswise.Load.Arrivals;

namespace Faaswise.Load.Engine;

/// <summary>
/// Merges the schedules of several targets into one ascending plan (a k-way merge on a heap; ties go to the
/// lower target index), cut at the duration. Pure: the same processes and seed give the same plan.
/// </summary>
public static class SchedulePlan
{
    /// <summary>
    /// How long after the end of the schedule a send may still go out late. Past it the engines drop what is
    /// left, counted as <see cref="RequestResult.BehindScheduleError"/>, so an attack that cannot keep up still
    /// ends about when it was asked to (as vegeta does) without hiding the sends it did not make.
    /// </summary>
    public static readonly TimeSpan LateSendAllowance = TimeSpan.FromMilliseconds(100);

    /// <summary>When the schedule ends: the duration, else the end of the traces when every target replays one, else never.</summary>
    public static TimeSpan? End(IReadOnlyList<IArrivalProcess> processes, TimeSpan? duration)
    {
        ArgumentNullException.ThrowIfNull(processes);
        if (duration is not null) return duration;
        return processes.All(p => p is TraceArrivals) ? processes.Max(p => ((TraceArrivals)p).Length) : null;
    }

    /// <summary>The merged plan. Target i draws from <c>new Random(seed + i)</c>.</summary>
    public static IEnumerable<ScheduledSend> Merge(IReadOnlyList<IArrivalProcess> processes, TimeSpan? duration, int seed)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var cursors = new IEnumerator<TimeSpan>[processes.Count];
        var seqs = new long[processes.Count];
        var heap = new PriorityQueue<int, (TimeSpan Offset, int Target)>(processes.Count);
        try
        {
            for (var i = 0; i < processes.Count; i++)
            {
                cursors[i] = processes[i].Offsets(new Random(unchecked(seed + i))).GetEnumerator();
                Advance(i);
            }

            while (heap.TryDequeue(out var target, out var key))
            {
                yield return new ScheduledSend(target, seqs[target]++, key.Offset);
                Advance(target);
            }
        }
        finally
        {
            foreach (var c in cursors)
            {
                c?.Dispose();
            }
        }

        void Advance(int i)
        {
            if (cursors[i].MoveNext() && (duration is not { } d || cursors[i].Current < d))
            {
                heap.Enqueue(i, (cursors[i].Current, i));
            }
        }
    }
}
