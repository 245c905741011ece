using System.Threading.Channels;
using Faaswise.LocalFaas.Functions;
using Microsoft.Extensions.Logging;

namespace Faaswise.LocalFaas.Replicas;

/// <summary>
/// A function's replicas: it starts and stops processes to reach the desired count, restarts those that exit with
/// backoff, and admits requests. A request goes to the ready replica with the fewest requests in flight below
/// <see cref="FunctionDefinition.MaxInflight"/>; when every one is full it waits in a FIFO queue of at most
/// <see cref="FunctionDefinition.MaxQueue"/> per replica, and past that it is refused (429).
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);
    private readonly object _lock = new();
    private readonly List<Replica> _replicas = [];
    private readonly LinkedList<TaskCompletionSource<Replica>> _waiting = new();
    private readonly Channel<bool> _kick = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly GatewayOptions _options;
    private readonly ReplicaLauncher _launcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Functions.FunctionLogs _output;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _work = [];
    private readonly Task _loop;
    private FunctionDefinition _definition;
    private int _version;
    private int _desired;
    private int _sequence;
    private int _quickFailures;
    private TimeSpan _restartNotBefore;
    private long _invocations;
    private bool _disposed;

    public ReplicaSet(FunctionDefinition definition, int desired, GatewayOptions options, TimeProvider time, ILogger logger, Functions.FunctionLogs output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _definition = definition ?? throw new ArgumentNullException(nameof(definition));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _launcher = new ReplicaLauncher(options);
        _desired = desired;
        CreatedAt = time.GetUtcNow();
        LastInvocationAt = Now;
        _loop = Task.Run(ReconcileLoopAsync);
        Kick();
    }

    public FunctionDefinition Definition
    {
        get
        {
            lock (_lock) return _definition;
        }
    }

    public DateTimeOffset CreatedAt { get; }

    public int Desired
    {
        get
        {
            lock (_lock) return _desired;
        }
    }

    public int ReadyCount
    {
        get
        {
            lock (_lock) return _replicas.Count(r => r.State == ReplicaState.Ready && r.Version == _version);
        }
    }

    /// <summary>Requests in flight plus requests waiting.</summary>
    public int Load
    {
        get
        {
            lock (_lock) return _replicas.Sum(r => r.Inflight) + _waiting.Count;
        }
    }

    public long Invocations => Interlocked.Read(ref _invocations);

    /// <summary>Monotonic time of the last admitted request.</summary>
    public TimeSpan LastInvocationAt { get; private set; }

    private TimeSpan Now => _time.GetElapsedTime(0);

    /// <summary>Live replica processes: id and pid, for metrics and tests.</summary>
    public IReadOnlyList<(string Id, int Pid, ReplicaState State)> Processes()
    {
        lock (_lock) return _replicas.Where(r => r.Process is not null).Select(r => (r.Id, r.Pid, r.State)).ToArray();
    }

    /// <summary>Sets the desired replica count (API scale, autoscaler).</summary>
    public void Scale(int replicas)
    {
        lock (_lock) _desired = Math.Max(0, replicas);
        Kick();
    }

    /// <summary>Replaces the definition; replicas of the old one are replaced as new ones become ready.</summary>
    public void Update(FunctionDefinition definition)
    {
        lock (_lock)
        {
            _definition = definition;
            _version++;
            _quickFailures = 0;
            _restartNotBefore = TimeSpan.Zero;
        }

        Kick();
    }

    /// <summary>A free replica for one request without waiting, or null (then call <see cref="AcquireAsync"/>).</summary>
    public Replica? TryAcquire()
    {
        lock (_lock)
        {
            if (_disposed || _waiting.Count > 0 || PickLocked() is not { } replica) return null;
            Interlocked.Increment(ref _invocations);
            LastInvocationAt = Now;
            replica.Inflight++;
            return replica;
        }
    }

    /// <summary>A replica for one request, waiting in the queue if need be; a rejection carries its status.</summary>
    public async ValueTask<Admission> AcquireAsync(CancellationToken cancellation)
    {
        TaskCompletionSource<Replica> waiter;
        LinkedListNode<TaskCompletionSource<Replica>> node;
        lock (_lock)
        {
            if (_disposed) return Admission.Rejected(503, $"function {_definition.Name} is being removed");
            Interlocked.Increment(ref _invocations);
            LastInvocationAt = Now;
            if (PickLocked() is { } replica)
            {
                replica.Inflight++;
                return Admission.To(replica);
            }

            var capacity = Math.Max(1, Math.Max(_desired, _replicas.Count(r => r.State == ReplicaState.Ready))) * _definition.MaxQueue;
            if (_waiting.Count >= capacity)
            {
                return Admission.Rejected(429, $"function {_definition.Name}: all replicas busy and {_waiting.Count} requests queued (max_queue {_definition.MaxQueue} per replica)");
            }

            if (_desired == 0)
            {
                _desired = Math.Max(1, _definition.Scaling.Min);
                Kick();
            }

            waiter = new TaskCompletionSource<Replica>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(waiter);
        }

        using (cancellation.Register(() =>
        {
            lock (_lock)
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
            catch (OperationCanceledException) when (!_disposed)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                return Admission.Rejected(503, $"function {_definition.Name} is being removed");
            }
        }
    }

    /// <summary>Returns a replica after a request; hands it to the next waiter.</summary>
    public void Release(Replica replica)
    {
        lock (_lock)
        {
            replica.Inflight--;
            DispatchLocked();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Replica[] all;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            all = [.. _replicas];
            foreach (var w in _waiting) w.TrySetCanceled();
            _waiting.Clear();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _kick.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await Task.WhenAll(all.Select(StopAsync)).ConfigureAwait(false);
        Task[] work;
        lock (_work) work = [.. _work];
        await Task.WhenAll(work).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Kick() => _kick.Writer.TryWrite(true);

    private Replica? PickLocked()
    {
        Replica? best = null;
        foreach (var r in _replicas)
        {
            if (r.State == ReplicaState.Ready && r.Inflight < _definition.MaxInflight && (best is null || r.Inflight < best.Inflight)) best = r;
        }

        return best;
    }

    private void DispatchLocked()
    {
        while (_waiting.First is { } first && PickLocked() is { } replica)
        {
            _waiting.RemoveFirst();
            if (first.Value.TrySetResult(replica)) replica.Inflight++;
        }
    }

    private async Task ReconcileLoopAsync()
    {
        var stop = _stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan? wake;
            try
            {
                wake = Reconcile();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ReconcileFailed(_logger, _definition.Name, e);
                wake = _options.RestartBackoff;
            }

            try
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop);
                if (wake is { } w) timer.CancelAfter(w);
                if (!await _kick.Reader.WaitToReadAsync(timer.Token).ConfigureAwait(false)) return;
                _kick.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // A restart backoff ran out.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass towards the desired state; returns when to look again if a restart is being held back.</summary>
    private TimeSpan? Reconcile()
    {
        var toStart = new List<Replica>();
        var toStop = new List<Replica>();
        TimeSpan? wake = null;
        lock (_lock)
        {
            if (_disposed) return null;
            var current = _replicas.Where(r => r.Version == _version && r.State is ReplicaState.Starting or ReplicaState.Ready).ToList();
            var missing = _desired - current.Count;
            if (missing > 0)
            {
                var now = Now;
                if (now < _restartNotBefore)
                {
                    wake = _restartNotBefore - now;
                }
                else
                {
                    for (var i = 0; i < missing; i++)
                    {
                        var replica = new Replica($"{_definition.Name}-{++_sequence}", _version);
                        _replicas.Add(replica);
                        toStart.Add(replica);
                    }
                }
            }
            else if (missing < 0)
            {
                toStop.AddRange(current.OrderBy(r => r.State == ReplicaState.Ready).ThenBy(r => r.Inflight).Take(-missing));
            }

            var readyCurrent = current.Count(r => r.State == ReplicaState.Ready);
            if (readyCurrent >= Math.Min(_desired, 1))
            {
                toStop.AddRange(_replicas.Where(r => r.Version != _version && r.State is ReplicaState.Starting or ReplicaState.Ready));
            }

            foreach (var r in toStop) r.State = ReplicaState.Stopping;
        }

        foreach (var r in toStart) Track(StartAsync(r));
        foreach (var r in toStop) Track(StopAsync(r));
        return wake;
    }

    private void Track(Task task)
    {
        lock (_work)
        {
            _work.RemoveAll(t => t.IsCompleted);
            _work.Add(task);
        }
    }

    private async Task StartAsync(Replica replica)
    {
        FunctionDefinition definition;
        lock (_lock) definition = _definition;
        try
        {
            var process = ReplicaProcess.Start(_launcher.StartInfo(definition), line =>
            {
                Log.ReplicaOutput(_logger, replica.Id, line);
                _output.Append(definition.Name, replica.Id, line);
            });
            lock (_lock) replica.Process = process;
            _ = WatchExitAsync(replica, process);
            var port = await process.WaitUntilReadyAsync(_options.ReplicaStartTimeout, _stopping.Token).ConfigureAwait(false);
            lock (_lock)
            {
                if (replica.State != ReplicaState.Starting) return;
                replica.Destination = $"http://127.0.0.1:{port}";
                replica.ReadyAt = Now;
                replica.State = ReplicaState.Ready;
                DispatchLocked();
            }

            Kick();

            Log.ReplicaReady(_logger, replica.Id, process.Pid, port);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(replica).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Log.ReplicaFailedToStart(_logger, replica.Id, e.Message);
            lock (_lock)
            {
                if (replica.State == ReplicaState.Starting) replica.State = ReplicaState.Stopping;
            }

            await StopAsync(replica).ConfigureAwait(false);
            Failed(quick: true);
        }
    }

    private async Task WatchExitAsync(Replica replica, ReplicaProcess process)
    {
        var code = await process.Exited.ConfigureAwait(false);
        bool unexpected, quick;
        lock (_lock)
        {
            unexpected = replica.State == ReplicaState.Ready;
            quick = Now - replica.ReadyAt < _options.StableUptime;
            replica.State = ReplicaState.Exited;
            _replicas.Remove(replica);
        }

        process.Dispose();
        if (unexpected && !_disposed)
        {
            Log.ReplicaExited(_logger, replica.Id, process.Pid, code, process.LastOutput);
            Failed(quick);
        }
    }

    private void Failed(bool quick)
    {
        lock (_lock)
        {
            _quickFailures = quick ? _quickFailures + 1 : 1;
            _restartNotBefore = Now + RestartBackoff.Delay(_quickFailures, _options.RestartBackoff, _options.MaxRestartBackoff);
        }

        Kick();
    }

    private async Task StopAsync(Replica replica)
    {
        lock (_lock)
        {
            if (replica.State != ReplicaState.Exited) replica.State = ReplicaState.Stopping;
        }

        var drainUntil = Now + (_disposed ? TimeSpan.Zero : StopGrace);
        while (Now < drainUntil)
        {
            lock (_lock)
            {
                if (replica.Inflight == 0) break;
            }

            await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        }

        ReplicaProcess? process;
        lock (_lock) process = replica.Process;
        if (process is not null) await process.StopAsync(_disposed ? TimeSpan.FromMilliseconds(500) : StopGrace).ConfigureAwait(false);
        lock (_lock)
        {
            replica.State = ReplicaState.Exited;
            _replicas.Remove(replica);
        }
    }
}
