using Faaswise.Load.Arrivals;
using Faaswise.Load.Engine.EventLoop;
using Faaswise.Load.Results;
using Faaswise.Load.Targets;

namespace Faaswise.Load.Engine;

/// <summary>
/// Runs open-loop attacks. Sends follow the schedule whatever the responses do; when the engine falls behind it
/// sends at once, and the lag shows in every latency, which is measured from the intended time (wrk2's rule
/// against coordinated omission). Requests beyond <see cref="AttackOptions.MaxInflight"/> are dropped and
/// counted, never delayed.
/// </summary>
public sealed class Attacker
{
    // A trickle first, so the cold path is compiled before a burst would open a connection per overdue send.
    private static readonly (double Rate, TimeSpan Duration)[] WarmUpPhases =
        [(100, TimeSpan.FromMilliseconds(150)), (2_000, TimeSpan.FromMilliseconds(300))];

    private readonly AttackOptions _options;
    private IAttackEngine? _active;
    private long _startedAt;

    /// <summary>Creates an attacker; throws <see cref="ArgumentOutOfRangeException"/> for invalid options.</summary>
    public Attacker(AttackOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>Requests of the current attack handed to the network so far (dropped sends excluded); readable from any thread.</summary>
    public long Sent => Volatile.Read(ref _active)?.Sent ?? 0;

    /// <summary>Time since the current attack's clock started (after the warm-up); zero before.</summary>
    public TimeSpan Elapsed => Volatile.Read(ref _startedAt) is var t and > 0 ? System.Diagnostics.Stopwatch.GetElapsedTime(t) : TimeSpan.Zero;

    /// <summary>The engine that <see cref="RunAsync"/> uses for these targets.</summary>
    public EngineKind EngineFor(IReadOnlyList<AttackTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var plainHttp = targets.All(t => t.Target.Url.Scheme == Uri.UriSchemeHttp);
        return _options.Engine switch
        {
            EngineKind.HttpClient => EngineKind.HttpClient,
            EngineKind.EventLoop when !Epoll.IsSupported => throw new ArgumentException("the event-loop engine runs on Linux x86-64 only"),
            EngineKind.EventLoop when !plainHttp => throw new ArgumentException("the event-loop engine sends plain http only; use the httpclient engine for https"),
            EngineKind.EventLoop => EngineKind.EventLoop,
            _ => Epoll.IsSupported && plainHttp ? EngineKind.EventLoop : EngineKind.HttpClient,
        };
    }

    /// <summary>
    /// Runs the attack until every schedule ends, the duration passes or <paramref name="stop"/> fires, then
    /// waits for requests in flight (at most <see cref="AttackOptions.InterruptGrace"/> after a stop) and
    /// completes <paramref name="sink"/>.
    /// </summary>
    public async Task<AttackOutcome> RunAsync(IReadOnlyList<AttackTarget> targets, IResultSink sink, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(sink);
        if (targets.Count == 0) throw new ArgumentException("no targets", nameof(targets));
        var kind = EngineFor(targets);
        if (_options.WarmUp)
        {
            await WarmUpAsync(kind, stop).ConfigureAwait(false);
        }

        var engine = Create(kind, _options);
        try
        {
            Volatile.Write(ref _active, engine);
            Volatile.Write(ref _startedAt, System.Diagnostics.Stopwatch.GetTimestamp());
            return await engine.RunAsync(targets, sink, stop).ConfigureAwait(false);
        }
        finally
        {
            (engine as IDisposable)?.Dispose();
        }
    }

    private static IAttackEngine Create(EngineKind kind, AttackOptions options) =>
        kind == EngineKind.EventLoop ? new EventLoopEngine(options) : new HttpClientEngine(options);

    /// <summary>
    /// Sends short bursts through the whole send path to an in-process loopback responder, so JIT compilation
    /// and first-use initialisation happen before the clock starts. Nothing reaches the attack's targets.
    /// </summary>
    private async Task WarmUpAsync(EngineKind kind, CancellationToken stop)
    {
        using var responder = LoopbackResponder.Start();
        AttackTarget Plan(double rate) => new(Target.Get(responder.Url), new ConstantArrivals(rate));
        foreach (var (rate, duration) in WarmUpPhases)
        {
            var options = _options with { Duration = duration, MaxInflight = AttackOptions.DefaultMaxInflight, MaxConnections = null, Insecure = false };
            var engine = Create(kind, options);
            try
            {
                await engine.RunAsync([Plan(rate)], NullSink.Instance, stop).ConfigureAwait(false);
            }
            finally
            {
                (engine as IDisposable)?.Dispose();
            }
        }
    }
}
