using Microsoft.Extensions.Time.Testing;

namespace Faaswise.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows when code is waiting on it: a test advances time only once a timer
/// is armed, so a slow machine can never let the clock run ahead of the code under test.
/// </summary>
public sealed class WatchedClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _inner = new(start);
    private readonly Lock _gate = new();
    private readonly Dictionary<Watched, TimeSpan> _armed = [];
    private TaskCompletionSource _armedNow = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public void Advance(TimeSpan by) => _inner.Advance(by);

    /// <summary>Completes once some timer is armed, or <paramref name="orUntil"/> completes.</summary>
    public Task WaitedOnAsync(Task orUntil)
    {
        Task armed;
        lock (_gate)
        {
            if (_armed.Count > 0) return Task.CompletedTask;
            if (_armedNow.Task.IsCompleted) _armedNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
            armed = _armedNow.Task;
        }

        return Task.WhenAny(armed, orUntil);
    }

    /// <summary>Completes once a timer is armed whose due time satisfies <paramref name="due"/>; throws after <paramref name="limit"/> of real time.</summary>
    public async Task WaitUntilArmedAsync(Func<TimeSpan, bool> due, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(due);
        using var expiry = new CancellationTokenSource(limit);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_armed.Values.Any(due)) return;
                if (_armedNow.Task.IsCompleted) _armedNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
                next = _armedNow.Task;
            }

            try
            {
                await next.WaitAsync(expiry.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_gate) throw new TimeoutException($"no timer armed with the due time sought within {limit.TotalSeconds:0} s (armed: {string.Join(", ", _armed.Values)})");
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var watched = new Watched(this);
        watched.Arm(dueTime, period);
        watched.Inner = _inner.CreateTimer(s =>
        {
            watched.Fired();
            callback(s);
        }, state, dueTime, period);
        return watched;
    }

    private void Set(Watched timer, TimeSpan? due)
    {
        lock (_gate)
        {
            if (due is not { } d)
            {
                _armed.Remove(timer);
                return;
            }

            _armed[timer] = d;
            _armedNow.TrySetResult();
        }
    }

    private sealed class Watched(WatchedClock clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer? Inner { get; set; }

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            clock.Set(this, dueTime == Timeout.InfiniteTimeSpan ? null : dueTime);
        }

        public void Fired()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero) clock.Set(this, null);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Set(this, null);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
