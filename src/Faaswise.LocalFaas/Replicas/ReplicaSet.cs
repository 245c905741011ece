using System.Threading.Channels;
using Faaswise.LocalFaas.Functions;
using Microsoft.Extensions.Logging;

namespace Faaswise.LocalFaas.Replicas;

/// <summary>
/// A function's replicas: a reconcile loop that starts and stops replicas until the desired count of the current
/// definition is ready (replacing those of an older definition once a new one is ready), with admission of requests
/// (<see cref="ReplicaAdmission"/>) and process supervision (<see cref="ReplicaSupervisor"/>) beside it. Every time
/// is read from one <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private readonly ReplicaTable _table;
    private readonly ReplicaAdmission _admission;
    private readonly ReplicaSupervisor _supervisor;
    private readonly Channel<bool> _kick = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _sequence;

    public ReplicaSet(FunctionDefinition definition, int desired, GatewayOptions options, TimeProvider time, ILogger logger, Functions.FunctionLogs output)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(output);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _table = new ReplicaTable(definition, desired);
        _admission = new ReplicaAdmission(_table, time, Kick);
        _supervisor = new ReplicaSupervisor(_table, options, time, logger, output, _admission.DispatchLocked, Kick, _stopping.Token);
        CreatedAt = time.GetUtcNow();
        _loop = Task.Run(ReconcileLoopAsync);
        Kick();
    }

    public FunctionDefinition Definition
    {
        get
        {
            lock (_table.Lock) return _table.Definition;
        }
    }

    public DateTimeOffset CreatedAt { get; }

    public int Desired
    {
        get
        {
            lock (_table.Lock) return _table.Desired;
        }
    }

    public int ReadyCount
    {
        get
        {
            lock (_table.Lock) return _table.Replicas.Count(r => r.State == ReplicaState.Ready && r.Version == _table.Version);
        }
    }

    /// <summary>Requests in flight plus requests waiting.</summary>
    public int Load
    {
        get
        {
            lock (_table.Lock) return _table.Replicas.Sum(r => r.Inflight) + _admission.WaitingLocked;
        }
    }

    public long Invocations => _admission.Invocations;

    /// <summary>Monotonic time of the last admitted request.</summary>
    public TimeSpan LastInvocationAt => _admission.LastInvocationAt;

    /// <summary>Live replica processes: id and pid, for metrics and tests.</summary>
    public IReadOnlyList<(string Id, int Pid, ReplicaState State)> Processes()
    {
        lock (_table.Lock) return _table.Replicas.Where(r => r.Process is not null).Select(r => (r.Id, r.Pid, r.State)).ToArray();
    }

    /// <summary>Sets the desired replica count (API scale, autoscaler).</summary>
    public void Scale(int replicas)
    {
        lock (_table.Lock) _table.Desired = Math.Max(0, replicas);
        Kick();
    }

    /// <summary>Replaces the definition; replicas of the old one are replaced as new ones become ready.</summary>
    public void Update(FunctionDefinition definition)
    {
        lock (_table.Lock)
        {
            _table.Definition = definition;
            _table.Version++;
            _supervisor.ForgiveLocked();
        }

        Kick();
    }

    /// <inheritdoc cref="ReplicaAdmission.TryAcquire"/>
    public Replica? TryAcquire() => _admission.TryAcquire();

    /// <inheritdoc cref="ReplicaAdmission.AcquireAsync"/>
    public ValueTask<Admission> AcquireAsync(CancellationToken cancellation) => _admission.AcquireAsync(cancellation);

    /// <inheritdoc cref="ReplicaAdmission.Release"/>
    public void Release(Replica replica) => _admission.Release(replica);

    public async ValueTask DisposeAsync()
    {
        Replica[] all;
        lock (_table.Lock)
        {
            if (_table.Removed) return;
            _table.Removed = true;
            all = [.. _table.Replicas];
            _admission.RefuseAllLocked();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _kick.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _supervisor.StopAllAsync(all).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Kick() => _kick.Writer.TryWrite(true);

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
                Log.ReconcileFailed(_logger, Definition.Name, e);
                wake = _options.RestartBackoff;
            }

            try
            {
                using var timer = wake is { } w ? new CancellationTokenSource(w, _time) : new CancellationTokenSource();
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, timer.Token);
                if (!await _kick.Reader.WaitToReadAsync(either.Token).ConfigureAwait(false)) return;
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
        lock (_table.Lock)
        {
            if (_table.Removed) return null;
            var current = _table.Replicas.Where(r => r.Version == _table.Version && r.State is ReplicaState.Starting or ReplicaState.Ready).ToList();
            var missing = _table.Desired - current.Count;
            if (missing > 0)
            {
                if (_supervisor.HeldBackLocked() is var held && held > TimeSpan.Zero)
                {
                    wake = held;
                }
                else
                {
                    for (var i = 0; i < missing; i++)
                    {
                        var replica = new Replica($"{_table.Definition.Name}-{++_sequence}", _table.Version);
                        _table.Replicas.Add(replica);
                        toStart.Add(replica);
                    }
                }
            }
            else if (missing < 0)
            {
                toStop.AddRange(current.OrderBy(r => r.State == ReplicaState.Ready).ThenBy(r => r.Inflight).Take(-missing));
            }

            var readyCurrent = current.Count(r => r.State == ReplicaState.Ready);
            if (readyCurrent >= Math.Min(_table.Desired, 1))
            {
                toStop.AddRange(_table.Replicas.Where(r => r.Version != _table.Version && r.State is ReplicaState.Starting or ReplicaState.Ready));
            }

            foreach (var r in toStop) r.State = ReplicaState.Stopping;
        }

        foreach (var r in toStart) _supervisor.Start(r);
        foreach (var r in toStop) _supervisor.Stop(r);
        return wake;
    }
}
