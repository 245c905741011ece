using Faaswise.LocalFaas.Functions;
namespace Faaswise.LocalFaas.Replicas;

/// <summary>
/// Admits a function's requests: to the ready replica with the fewest requests in flight below
/// <see cref="FunctionDefinition.MaxInflight"/>; when every one is full, into a FIFO queue of at most
/// <see cref="FunctionDefinition.MaxQueue"/> per replica; past that, refused (429). A request to a function scaled to
/// zero asks for its minimum replicas and waits.
/// </summary>
internal sealed class ReplicaAdmission(ReplicaTable table, TimeProvider time, Action kick)
{
    private readonly LinkedList<TaskCompletionSource<Replica>> _waiting = new();
    private long _invocations;

    /// <summary>Requests admitted so far.</summary>
    public long Invocations => Interlocked.Read(ref _invocations);

    /// <summary>Monotonic time of the last admitted request.</summary>
    public TimeSpan LastInvocationAt { get; private set; } = time.GetElapsedTime(0);

    /// <summary>Requests waiting for a replica. Under the table's lock.</summary>
    public int WaitingLocked => _waiting.Count;

    /// <summary>A free replica for one request without waiting, or null (then call <see cref="AcquireAsync"/>).</summary>
    public Replica? TryAcquire()
    {
        lock (table.Lock)
        {
            if (table.Removed || _waiting.Count > 0 || table.FreestLocked() is not { } replica) return null;
            AdmittedLocked();
            replica.Inflight++;
            return replica;
        }
    }

    /// <summary>A replica for one request, waiting in the queue if need be; a rejection carries its status.</summary>
    public async ValueTask<Admission> AcquireAsync(CancellationToken cancellation)
    {
        TaskCompletionSource<Replica> waiter;
        LinkedListNode<TaskCompletionSource<Replica>> node;
        string name;
        lock (table.Lock)
        {
            var definition = table.Definition;
            name = definition.Name;
            if (table.Removed) return Removing(name);
            AdmittedLocked();
            if (table.FreestLocked() is { } replica)
            {
                replica.Inflight++;
                return Admission.To(replica);
            }

            var capacity = Math.Max(1, Math.Max(table.Desired, table.Replicas.Count(r => r.State == ReplicaState.Ready))) * definition.MaxQueue;
            if (_waiting.Count >= capacity)
            {
                return Admission.Rejected(429, $"function {name}: all replicas busy and {_waiting.Count} requests queued (max_queue {definition.MaxQueue} per replica)");
            }

            if (table.Desired == 0)
            {
                table.Desired = Math.Max(1, definition.Scaling.Min);
                kick();
            }

            waiter = new TaskCompletionSource<Replica>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(waiter);
        }

        using (cancellation.Register(() =>
        {
            lock (table.Lock)
            {
                if (node.List is not null) _waiting.Remove(node);
            }

            waiter.TrySetCanceled(cancellation);
        }))
        {
            try
            {
                return Admission.To(await waiter.Task.ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                return Removing(name);
            }
        }
    }

    /// <summary>Returns a replica after a request; hands it to the next waiter.</summary>
    public void Release(Replica replica)
    {
        lock (table.Lock)
        {
            replica.Inflight--;
            DispatchLocked();
        }
    }

    /// <summary>Hands free replicas to waiting requests, oldest first. Under the table's lock.</summary>
    public void DispatchLocked()
    {
        while (_waiting.First is { } first && table.FreestLocked() is { } replica)
        {
            _waiting.RemoveFirst();
            if (first.Value.TrySetResult(replica)) replica.Inflight++;
        }
    }

    /// <summary>Refuses every waiting request (the function is being removed). Under the table's lock.</summary>
    public void RefuseAllLocked()
    {
        foreach (var w in _waiting) w.TrySetCanceled();
        _waiting.Clear();
    }

    private void AdmittedLocked()
    {
        Interlocked.Increment(ref _invocations);
        LastInvocationAt = time.GetElapsedTime(0);
    }

    private static Admission Removing(string name) => Admission.Rejected(503, $"function {name} is being removed");
}
