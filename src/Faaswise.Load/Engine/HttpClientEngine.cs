using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Faaswise.Load.Arrivals;
using Faaswise.Load.Results;
using Faaswise.Load.Units;

namespace Faaswise.Load.Engine;

/// <summary>
/// The portable engine on .NET's SocketsHttpHandler. A pacing thread walks the schedule and starts each
/// request at its intended time without waiting for earlier responses; the first byte written to the socket
/// is stamped as the send time (<see cref="StampingStream"/>), so waiting for a connection shows as lag.
/// </summary>
internal sealed class HttpClientEngine : IAttackEngine, IDisposable
{
    private readonly AttackOptions _options;
    private readonly HttpMessageInvoker _invoker;
    private readonly string _timeoutError;
    private readonly Lock _sinkGate = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<AttackTarget> _targets = [];
    private IResultSink _sink = NullSink.Instance;
    private AttackClock _clock;
    private int _inflight;
    private long _pending = 1; // the pacer holds one until the schedule ends
    private long _abandoned;
    private long _sent;

    public HttpClientEngine(AttackOptions options)
    {
        _options = options;
        _invoker = new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
        _timeoutError = "timeout after " + DurationText.Format(options.Timeout);
    }

    public long Sent => Interlocked.Read(ref _sent);

    public async Task<AttackOutcome> RunAsync(IReadOnlyList<AttackTarget> targets, IResultSink sink, CancellationToken stop)
    {
        _targets = targets;
        _sink = sink;
        _clock = AttackClock.StartNow();
        var paced = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            try
            {
                paced.SetResult(Pace(stop));
            }
            catch (Exception e)
            {
                paced.SetException(e);
            }
        })
        { IsBackground = true, Name = "faaswise-pacer" };
        pacer.Start();

        var completedSchedule = await paced.Task.ConfigureAwait(false);
        Release();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stop.Register(() => stopped.TrySetResult()))
        {
            await Task.WhenAny(_drained.Task, stopped.Task).ConfigureAwait(false);
        }

        // Stopped while sending or while draining: requests in flight get the grace, then are abandoned.
        var interrupted = !_drained.Task.IsCompleted || !completedSchedule;
        if (!_drained.Task.IsCompleted)
        {
            var grace = Task.Delay(_options.InterruptGrace, CancellationToken.None);
            if (await Task.WhenAny(_drained.Task, grace).ConfigureAwait(false) != _drained.Task)
            {
                await _abort.CancelAsync().ConfigureAwait(false);
            }
        }

        await _drained.Task.ConfigureAwait(false);
        lock (_sinkGate)
        {
            _sink.Complete();
        }

        return new AttackOutcome(_clock.StartEpochNs, interrupted, Interlocked.Read(ref _abandoned));
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _abort.Dispose();
    }

    /// <summary>Walks the plan on the pacing thread; returns false when stopped before the plan ended.</summary>
    private bool Pace(CancellationToken stop)
    {
        PreciseSleep.TuneCurrentThread();
        IArrivalProcess[] processes = [.. _targets.Select(t => t.Arrivals)];
        var lateEnd = SchedulePlan.End(processes, _options.Duration) is { } end ? _clock.Due(end + SchedulePlan.LateSendAllowance) : long.MaxValue;
        foreach (var send in SchedulePlan.Merge(processes, _options.Duration, _options.Seed))
        {
            var due = _clock.Due(send.Offset);
            if (!PreciseSleep.Until(due, stop))
            {
                return false;
            }

            var pastEnd = AttackClock.Now() >= lateEnd;
            if (pastEnd || Interlocked.Increment(ref _inflight) > _options.MaxInflight)
            {
                if (!pastEnd) Interlocked.Decrement(ref _inflight);
                var now = _clock.ToEpochNs(AttackClock.Now());
                var reason = pastEnd ? RequestResult.BehindScheduleError : RequestResult.DroppedError;
                Publish(new RequestResult(send.Target, send.Seq, _clock.ToEpochNs(due), now, now, 0, 0, 0, reason, Dropped: true));
                continue;
            }

            Interlocked.Increment(ref _pending);
            Interlocked.Increment(ref _sent);
            _ = SendAsync(send, due);
        }

        return true;
    }

    private async Task SendAsync(ScheduledSend send, long dueTimestamp)
    {
        var target = _targets[send.Target].Target;
        var stamp = new SendStamp();
        SendStamp.Current.Value = stamp;
        var dispatched = AttackClock.Now();
        var status = 0;
        long bytesIn = 0;
        string? error = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = RequestFactory.Create(target);
            if (_options.RequestIdHeader is { } header) request.Headers.TryAddWithoutValidation(header, RequestResult.IdOf(send.Target, send.Seq));
            using var response = await _invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            bytesIn = await ByteCounter.DrainAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (status is < 200 or >= 400)
            {
                error = $"{status} {response.ReasonPhrase}".TrimEnd();
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            error = RequestResult.AbandonedError;
            Interlocked.Increment(ref _abandoned);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            error = _timeoutError;
        }
#pragma warning disable CA1031 // every request ends in exactly one result: any failure is that request's error, never a lost request
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = ErrorText.Describe(e);
        }
        finally
        {
            var completed = AttackClock.Now();
            var sent = stamp.Timestamp != 0 ? stamp.Timestamp : dispatched;
            Interlocked.Decrement(ref _inflight);
            Publish(new RequestResult(send.Target, send.Seq, _clock.ToEpochNs(dueTimestamp), _clock.ToEpochNs(sent), _clock.ToEpochNs(completed),
                status, bytesIn, target.Body.Length, error));
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Hands a result to the sink on the completing thread; the lock keeps sinks single-threaded.</summary>
    private void Publish(in RequestResult result)
    {
        lock (_sinkGate)
        {
            _sink.Add(result);
        }
    }

    private static SocketsHttpHandler CreateHandler(AttackOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = options.MaxConnections ?? int.MaxValue,
            ConnectTimeout = options.Timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ActivityHeadersPropagator = null,
            ConnectCallback = ConnectAsync,
        };
        if (options.Insecure)
        {
#pragma warning disable CA5359 // --insecure exists to accept self-signed test clusters; the user asked for it
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
#pragma warning restore CA5359
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellation).ConfigureAwait(false);
            return new StampingStream(new NetworkStream(socket, ownsSocket: true));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
