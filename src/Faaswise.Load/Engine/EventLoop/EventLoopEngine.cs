using System.Net;
using System.Net.Sockets;
using Faaswise.Load.Arrivals;
using Faaswise.Load.Results;
using Faaswise.Load.Units;

namespace Faaswise.Load.Engine.EventLoop;

/// <summary>
/// The engine that costs least CPU: one thread paces the schedule and does every socket operation itself
/// (non-blocking sockets, level-triggered epoll, a nanosecond wait until the next send), as wrk2 does. When the
/// next send is near, the thread sleeps until it and reads the responses that arrived meanwhile afterwards,
/// timed by the kernel's arrival stamps, so it wakes once per send rather than twice per request. Requests
/// are encoded once per target; responses are parsed incrementally without copying bodies. Keep-alive
/// connections are reused; when none is idle a new one is opened, up to <see cref="AttackOptions.MaxConnections"/>
/// and at most 16 being opened at once per target, beyond which requests wait for a connection and the wait shows
/// as schedule lag. Sends still unsent <see cref="SchedulePlan.LateSendAllowance"/> after the end of the schedule
/// are dropped and counted. Timeouts are checked every <c>min(10 ms, timeout / 10)</c>. Plain http on Linux x86-64.
/// Design notes with their measurements: docs/load-engine.md.
/// </summary>
internal sealed class EventLoopEngine(AttackOptions options) : IAttackEngine
{
    private const int MaxEvents = 512;
    private const int ReceiveBufferBytes = 64 * 1024;
    private const int DispatchChunk = 16;

    // Connections being opened at once per target. Past it, requests queue for whichever connection frees
    // first, so a burst of overdue sends reuses connections instead of opening thousands at once.
    private const int MaxConnectingPerTarget = 16;
    private static readonly long StopCheckTicks = AttackClock.TicksOf(TimeSpan.FromMilliseconds(50));

    // A sleep and wake-up costs more than 20 µs of CPU on a virtual machine; closer sends are polled for.
    private const long SpinNs = 20_000;

    // When the next send is this close, the loop sleeps until it without waking for responses, and collects
    // them afterwards with their kernel arrival stamps (TimestampedReceive): one wake-up per send, not two.
    private static readonly long DeferTicks = AttackClock.TicksOf(TimeSpan.FromMilliseconds(5));

    private readonly string _timeoutError = "timeout after " + DurationText.Format(options.Timeout);
    private readonly long _timeoutTicks = AttackClock.TicksOf(options.Timeout);
    private readonly long _scanTicks = AttackClock.TicksOf(TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerMillisecond * 10, options.Timeout.Ticks / 10)));
    private readonly List<LoopConnection?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferBytes];
    private TargetState[] _targets = [];
    private IResultSink _sink = NullSink.Instance;
    private AttackClock _clock;
    private int _epoll = -1;
    private long _inflight;
    private long _sent;
    private long _abandoned;
    private int _writeBlocked;
    private bool _kernelStamps; // deferral is safe only once the kernel has been seen stamping arrivals

    public long Sent => Interlocked.Read(ref _sent);

    public async Task<AttackOutcome> RunAsync(IReadOnlyList<AttackTarget> targets, IResultSink sink, CancellationToken stop)
    {
        _sink = sink;
        _targets = await Task.WhenAll(targets.Select((t, i) => TargetState.ResolveAsync(t, i, options.MaxConnections ?? int.MaxValue, stop))).ConfigureAwait(false);
        var done = new TaskCompletionSource<AttackOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Run(targets, stop));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "faaswise-loop" };
        thread.Start();
        return await done.Task.ConfigureAwait(false);
    }

    private AttackOutcome Run(IReadOnlyList<AttackTarget> targets, CancellationToken stop)
    {
        PreciseSleep.TuneCurrentThread();
        _epoll = Epoll.Create();
        Span<Epoll.Event> events = new Epoll.Event[MaxEvents];
        _clock = AttackClock.StartNow();
        IArrivalProcess[] processes = [.. targets.Select(t => t.Arrivals)];
        using var plan = SchedulePlan.Merge(processes, options.Duration, options.Seed).GetEnumerator();
        var hasNext = plan.MoveNext();
        var lateEnd = SchedulePlan.End(processes, options.Duration) is { } end ? _clock.Due(end + SchedulePlan.LateSendAllowance) : long.MaxValue;
        var interrupted = false;
        var graceDeadline = long.MaxValue;
        var nextScan = AttackClock.Now() + _scanTicks;
        try
        {
            while (true)
            {
                var now = AttackClock.Now();
                if (graceDeadline == long.MaxValue && stop.IsCancellationRequested)
                {
                    // Stopped while sending or while draining: requests in flight get the grace, then are abandoned.
                    hasNext = false;
                    interrupted = true;
                    graceDeadline = now + AttackClock.TicksOf(options.InterruptGrace);
                }

                // Behind schedule, sends go out in chunks with responses read in between, so that finished
                // requests free their connections instead of every overdue send opening a new one.
                long due = 0;
                var chunk = 0;
                while (hasNext && (due = _clock.Due(plan.Current.Offset)) <= now)
                {
                    if (now >= lateEnd)
                    {
                        DropUnsent(plan.Current, due, now);
                        hasNext = plan.MoveNext();
                        continue;
                    }

                    Dispatch(plan.Current, due, now);
                    hasNext = plan.MoveNext();
                    if (++chunk == DispatchChunk)
                    {
                        chunk = 0;
                        Poll(events, 0);
                        now = AttackClock.Now();
                    }
                }

                if (!hasNext && _inflight == 0) break;
                if (now >= graceDeadline)
                {
                    AbandonAll(now);
                    break;
                }

                if (now >= nextScan)
                {
                    ExpireTimeouts(now);
                    nextScan = now + _scanTicks;
                }

                var wake = Math.Min(nextScan, Math.Min(graceDeadline, now + StopCheckTicks));
                if (hasNext) wake = Math.Min(wake, due);
                var waitNs = AttackClock.NanosecondsOf(wake - AttackClock.Now());
                if (waitNs < SpinNs)
                {
                    Poll(events, 0);
                }
                else if (_kernelStamps && hasNext && wake == due && due - now <= DeferTicks && _writeBlocked == 0 && !AnyConnecting())
                {
                    PreciseSleep.Until(due, CancellationToken.None);
                    Poll(events, 0);
                }
                else
                {
                    Poll(events, waitNs);
                }
            }
        }
        finally
        {
            foreach (var c in _slots)
            {
                c?.Socket.Dispose();
            }

            _ = Epoll.Close(_epoll);
            _sink.Complete();
        }

        return new AttackOutcome(_clock.StartEpochNs, interrupted, _abandoned);
    }

    private void Poll(Span<Epoll.Event> events, long timeoutNs)
    {
        var n = Epoll.Wait(_epoll, events, timeoutNs);
        for (var i = 0; i < n; i++)
        {
            OnEvent(events[i]);
        }
    }

    private void DropUnsent(ScheduledSend send, long due, long now, string reason = RequestResult.BehindScheduleError)
    {
        var at = _clock.ToEpochNs(now);
        _sink.Add(new RequestResult(send.Target, send.Seq, _clock.ToEpochNs(due), at, at, 0, 0, 0, reason, Dropped: true));
    }

    private void Dispatch(ScheduledSend send, long due, long now)
    {
        if (_inflight >= options.MaxInflight)
        {
            DropUnsent(send, due, now, RequestResult.DroppedError);
            return;
        }

        _inflight++;
        Interlocked.Increment(ref _sent);
        var request = new LoopRequest { Target = send.Target, Seq = send.Seq, Intended = due, Dispatched = now };
        var target = _targets[send.Target];
        if (target.Endpoint is null)
        {
            Finish(ref request, 0, 0, target.ResolveError, now);
            return;
        }

        Assign(target, request);
    }

    private void Assign(TargetState target, LoopRequest request)
    {
        while (target.Idle.TryPop(out var idle))
        {
            if (idle.State == LoopConnection.Phase.Idle)
            {
                Start(idle, request);
                return;
            }
        }

        if (CanOpen(target))
        {
            Open(target, request);
        }
        else
        {
            target.Waiting.Enqueue(request);
        }
    }

    private bool AnyConnecting()
    {
        foreach (var target in _targets)
        {
            if (target.Connecting > 0) return true;
        }

        return false;
    }

    private static bool CanOpen(TargetState target) => target.Open < target.MaxConnections && target.Connecting < MaxConnectingPerTarget;

    private void Open(TargetState target, LoopRequest request)
    {
        var socket = new Socket(target.Endpoint!.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
        TimestampedReceive.Enable(socket);
        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : AddSlot();
        var conn = new LoopConnection(socket, slot, target.Index) { State = LoopConnection.Phase.Connecting, Request = request };
        _slots[slot] = conn;
        target.Open++;
        target.Connecting++;
        try
        {
            socket.Connect(target.Endpoint);
            target.Connecting--;
            conn.State = LoopConnection.Phase.Busy;
            Epoll.Add(_epoll, conn.Fd, Epoll.In | Epoll.RdHup, (ulong)slot);
            StartWrite(conn);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
        {
            Epoll.Add(_epoll, conn.Fd, Epoll.In | Epoll.Out | Epoll.RdHup, (ulong)slot);
        }
        catch (SocketException e)
        {
            Fail(conn, ErrorText.Describe(e));
        }
    }

    private int AddSlot()
    {
        _slots.Add(null);
        return _slots.Count - 1;
    }

    private void Start(LoopConnection conn, LoopRequest request)
    {
        conn.Request = request;
        conn.State = LoopConnection.Phase.Busy;
        StartWrite(conn);
    }

    private void StartWrite(LoopConnection conn)
    {
        conn.WriteOffset = 0;
        conn.Parser.Reset(_targets[conn.Target].IsHead);
        Write(conn);
    }

    private void Write(LoopConnection conn)
    {
        var bytes = _targets[conn.Target].RequestBytes;
        while (conn.WriteOffset < bytes.Length)
        {
            if (conn.Request.Sent == 0) conn.Request.Sent = AttackClock.Now();
            var n = conn.Socket.Send(bytes.AsSpan(conn.WriteOffset), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                if (!conn.WantWrite)
                {
                    conn.WantWrite = true;
                    _writeBlocked++;
                    Epoll.Modify(_epoll, conn.Fd, Epoll.In | Epoll.Out | Epoll.RdHup, (ulong)conn.Slot);
                }

                return;
            }

            if (error != SocketError.Success)
            {
                OnBroken(conn, ErrorText.Describe(new SocketException((int)error)));
                return;
            }

            conn.WriteOffset += n;
        }

        if (conn.WantWrite)
        {
            conn.WantWrite = false;
            _writeBlocked--;
            Epoll.Modify(_epoll, conn.Fd, Epoll.In | Epoll.RdHup, (ulong)conn.Slot);
        }
    }

    private void OnEvent(in Epoll.Event ev)
    {
        var conn = _slots[(int)ev.Data];
        if (conn is null) return;
        if (conn.State == LoopConnection.Phase.Connecting)
        {
            var error = (SocketError)(int)conn.Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success)
            {
                Fail(conn, ErrorText.Describe(new SocketException((int)error)));
                return;
            }

            if ((ev.Events & Epoll.Out) == 0) return;
            var target = _targets[conn.Target];
            target.Connecting--;
            conn.State = LoopConnection.Phase.Busy;
            Epoll.Modify(_epoll, conn.Fd, Epoll.In | Epoll.RdHup, (ulong)conn.Slot);
            StartWrite(conn);
            OpenForWaiting(target);
            return;
        }

        if ((ev.Events & Epoll.Out) != 0 && conn.WantWrite && conn.State == LoopConnection.Phase.Busy)
        {
            Write(conn);
            if (conn.State == LoopConnection.Phase.Closed) return;
        }

        if ((ev.Events & (Epoll.In | Epoll.Err | Epoll.Hup | Epoll.RdHup)) != 0)
        {
            Read(conn);
        }
    }

    private void Read(LoopConnection conn)
    {
        var n = TimestampedReceive.Receive(conn.Fd, _receiveBuffer, out var arrival, out var stamped, out var error);
        _kernelStamps |= stamped;
        if (n < 0)
        {
            if (error.Length > 0) OnBroken(conn, error);
            return;
        }

        if (conn.State != LoopConnection.Phase.Busy)
        {
            // The server closed an idle keep-alive connection (or sent something unasked): drop it.
            Close(conn);
            return;
        }

        if (n == 0)
        {
            if (conn.Parser.OnEndOfStream())
            {
                Complete(conn, arrival);
            }
            else
            {
                OnBroken(conn, conn.Parser.Started ? "connection closed in the middle of the response" : "connection closed before the response");
            }

            return;
        }

        try
        {
            conn.Parser.Feed(_receiveBuffer.AsSpan(0, n));
        }
        catch (FormatException e)
        {
            Fail(conn, "malformed response: " + e.Message);
            return;
        }

        if (conn.Parser.IsComplete)
        {
            Complete(conn, arrival);
        }
    }

    /// <summary>The connection failed under a request; a reused keep-alive connection the server had closed gets one retry, as HttpClient does.</summary>
    private void OnBroken(LoopConnection conn, string error)
    {
        if (conn.Reused && !conn.Parser.Started && !conn.Request.Retried)
        {
            var request = conn.Request;
            request.Retried = true;
            request.Sent = 0;
            var target = _targets[conn.Target];
            Close(conn);
            Assign(target, request);
            return;
        }

        Fail(conn, error);
    }

    /// <param name="conn">The connection whose response is complete.</param>
    /// <param name="arrival">When the response's last packet arrived (never before the request was sent).</param>
    private void Complete(LoopConnection conn, long arrival)
    {
        var parser = conn.Parser;
        var status = parser.StatusCode;
        var error = status is < 200 or >= 400 ? $"{status} {parser.Reason}".TrimEnd() : null;
        Finish(ref conn.Request, status, parser.BodyBytes, error, Math.Max(arrival, conn.Request.Sent));
        conn.Reused = true;
        var target = _targets[conn.Target];
        if (!parser.KeepAlive)
        {
            Close(conn);
            OpenForWaiting(target);
            return;
        }

        conn.State = LoopConnection.Phase.Idle;
        if (target.Waiting.TryDequeue(out var next))
        {
            Start(conn, next);
        }
        else
        {
            target.Idle.Push(conn);
        }
    }

    private void Fail(LoopConnection conn, string error)
    {
        Finish(ref conn.Request, 0, conn.Parser.BodyBytes, error, AttackClock.Now());
        var target = _targets[conn.Target];
        Close(conn);
        OpenForWaiting(target);
    }

    private void OpenForWaiting(TargetState target)
    {
        if (CanOpen(target) && target.Waiting.TryDequeue(out var next))
        {
            Open(target, next);
        }
    }

    private void Close(LoopConnection conn)
    {
        if (conn.State == LoopConnection.Phase.Closed) return;
        if (conn.State == LoopConnection.Phase.Connecting) _targets[conn.Target].Connecting--;

        if (conn.WantWrite) _writeBlocked--;
        conn.WantWrite = false;
        conn.State = LoopConnection.Phase.Closed;
        Epoll.Remove(_epoll, conn.Fd);
        conn.Socket.Dispose();
        _slots[conn.Slot] = null;
        _freeSlots.Push(conn.Slot);
        _targets[conn.Target].Open--;
    }

    private void Finish(ref LoopRequest request, int status, long bytesIn, string? error, long completed)
    {
        _inflight--;
        var sent = request.Sent != 0 ? request.Sent : request.Dispatched;
        _sink.Add(new RequestResult(request.Target, request.Seq, _clock.ToEpochNs(request.Intended), _clock.ToEpochNs(sent),
            _clock.ToEpochNs(completed), status, bytesIn, _targets[request.Target].BodyBytes, error));
    }

    private void ExpireTimeouts(long now)
    {
        // By index: failing a connection frees its slot and may open another.
        for (var i = 0; i < _slots.Count; i++)
        {
            var conn = _slots[i];
            if (conn is { State: LoopConnection.Phase.Busy or LoopConnection.Phase.Connecting } && now - conn.Request.Dispatched >= _timeoutTicks)
            {
                Fail(conn, _timeoutError);
            }
        }

        foreach (var target in _targets)
        {
            while (target.Waiting.TryPeek(out var head) && now - head.Dispatched >= _timeoutTicks)
            {
                target.Waiting.Dequeue();
                Finish(ref head, 0, 0, _timeoutError, now);
            }
        }
    }

    private void AbandonAll(long now)
    {
        for (var i = 0; i < _slots.Count; i++)
        {
            var conn = _slots[i];
            if (conn is { State: LoopConnection.Phase.Busy or LoopConnection.Phase.Connecting })
            {
                _abandoned++;
                Fail(conn, RequestResult.AbandonedError);
            }
        }

        foreach (var target in _targets)
        {
            while (target.Waiting.TryDequeue(out var request))
            {
                _abandoned++;
                Finish(ref request, 0, 0, RequestResult.AbandonedError, now);
            }
        }
    }

    /// <summary>Per-target state of the loop: resolved address, encoded request, connections.</summary>
    private sealed class TargetState
    {
        public required int Index { get; init; }
        public required IPEndPoint? Endpoint { get; init; }
        public required string ResolveError { get; init; }
        public required byte[] RequestBytes { get; init; }
        public required long BodyBytes { get; init; }
        public required bool IsHead { get; init; }
        public required int MaxConnections { get; init; }
        public Stack<LoopConnection> Idle { get; } = new();
        public Queue<LoopRequest> Waiting { get; } = new();
        public int Open { get; set; }
        public int Connecting { get; set; }

        public static async Task<TargetState> ResolveAsync(AttackTarget attackTarget, int index, int maxConnections, CancellationToken cancellation)
        {
            var target = attackTarget.Target;
            var url = target.Url;
            IPEndPoint? endpoint = null;
            var error = "";
            if (IPAddress.TryParse(url.IdnHost, out var literal))
            {
                endpoint = new IPEndPoint(literal, url.Port);
            }
            else
            {
                try
                {
                    var addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellation).ConfigureAwait(false);
                    var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
                    if (address is null) error = "socket: host not found";
                    else endpoint = new IPEndPoint(address, url.Port);
                }
                catch (SocketException e)
                {
                    error = ErrorText.Describe(e);
                }
            }

            return new TargetState
            {
                Index = index,
                Endpoint = endpoint,
                ResolveError = error,
                RequestBytes = Http1RequestEncoder.Encode(target),
                BodyBytes = target.Body.Length,
                IsHead = target.Method == "HEAD",
                MaxConnections = maxConnections,
            };
        }
    }
}
