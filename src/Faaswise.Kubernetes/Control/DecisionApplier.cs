using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;
using Microsoft.Extensions.Logging;

namespace Faaswise.Kubernetes.Control;

/// <summary>
/// Applies a policy's decisions to a live cluster: each is assumed at once in the <see cref="LiveCluster"/> (so the
/// next snapshot counts it), then applied from a work queue, one at a time per replica (per function for starts and
/// stops, whose Deployment they update), rate-limited, model moves serialised per GPU in the order decided, transient failures tried again
/// with backoff. Every outcome is a log line, a Kubernetes Event on the pod or Deployment, and an <see cref="Applied"/> record.
/// </summary>
public sealed partial class DecisionApplier(LiveCluster cluster, IClusterActions actions, ApplierOptions options, ILogger log)
{
    private readonly PerKeyWork<Work> _queue = new();
    private readonly Dictionary<int, Task> _lastMoveOn = [];
    private readonly double _started = cluster.Now;
    private long _intents;

    /// <summary>Every applied or refused decision.</summary>
    public event Action<DecisionOutcome>? Applied;

    /// <summary>Decisions waiting or being applied.</summary>
    public int Pending => _queue.Count;

    /// <summary>Assumes the decisions and queues them.</summary>
    public void Submit(IEnumerable<Decision> decisions, string source)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        foreach (var d in decisions)
        {
            var since = Stopwatch.GetTimestamp();
            if (Precheck(d) is { } refused)
            {
                Report(new Work(d, source, since, null), refused, 0);
            }
            else if (d.Kind == DecisionKind.Start)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"{cluster.World.Functions[d.Function].Name}-{Interlocked.Increment(ref _intents)}-{Guid.NewGuid().ToString("N")[..6]}");
                var intent = PlacementIntent.Of(cluster.World, d, id, cluster.Now, options.IntentLifetime.TotalSeconds);
                cluster.AssumeIntent(intent, d.Function);
                _queue.Add("deployment/" + d.Function, new Work(d, source, since, intent));
            }
            else if (d.Replica is null || d.Replica.StartsWith("intent:", StringComparison.Ordinal))
            {
                Report(new Work(d, source, since, null), d.Replica is null ? "the decision names no replica" : "the replica's pod is not created yet", 0);
            }
            else
            {
                cluster.Assume(d);
                _queue.Add(d.Kind == DecisionKind.Stop ? "deployment/" + d.Function : "pod/" + d.Replica, new Work(d, source, since, null, MoveTurn(d)));
            }
        }
    }

    /// <summary>A model move waits until the GPU's previous move is applied and settled, so one GPU's moves happen, settle and are reported in the order decided.</summary>
    private (Task After, TaskCompletionSource Done)? MoveTurn(Decision d)
    {
        if (d.Kind is not (DecisionKind.Load or DecisionKind.Offload)) return null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lastMoveOn)
        {
            var after = _lastMoveOn.GetValueOrDefault(d.Gpu, Task.CompletedTask);
            _lastMoveOn[d.Gpu] = done.Task;
            return (after, done);
        }
    }

    /// <summary>What the cluster refuses at once, as the simulator does: a start on a GPU without room for the model, a load of a model on its GPU or on its way there, an offload of one that is not.</summary>
    private string? Precheck(Decision d)
    {
        if (d.Kind == DecisionKind.Start)
        {
            if (!d.OnGpu || d.Gpu < 0) return null;
            var snapshot = cluster.Snapshot();
            var need = cluster.World.GpuBytes(d.Function);
            var free = snapshot.GpuFreeBytes(d.Gpu);
            return free >= need ? null : string.Create(CultureInfo.InvariantCulture, $"not enough GPU memory on GPU {d.Gpu}: the model needs {need / 1e9:0.00} GB, {free / 1e9:0.00} GB free");
        }

        if (d.Replica is null || d.Kind is not (DecisionKind.Load or DecisionKind.Offload)) return null;
        var r = cluster.Snapshot().Replica(d.Replica);
        if (r is null) return null;
        if (r.Gpu < 0) return "the replica has no GPU";
        return d.Kind == DecisionKind.Load
            ? r.Residency is Residency.Gpu or Residency.Loading ? "the model is already on its GPU or on its way" : null
            : r.Residency is Residency.Host or Residency.None or Residency.Offloading ? "the model is not on the GPU" : null;
    }

    /// <summary>Applies queued decisions until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst, TokensPerPeriod = options.PerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst, AutoReplenishment = true,
        });
        await _queue.RunAsync(
            options.Workers,
            (work, c) => work.Turn is { } turn ? turn.After.WaitAsync(c) : Task.CompletedTask,
            async (work, c) =>
            {
                try
                {
                    using var lease = await limiter.AcquireAsync(1, c).ConfigureAwait(false);
                    await ApplyAsync(work, c).ConfigureAwait(false);
                }
                finally
                {
                    work.Turn?.Done.TrySetResult();
                }
            },
            cancellation).ConfigureAwait(false);
    }

    private async Task ApplyAsync(Work work, CancellationToken cancellation)
    {
        var d = work.Decision;
        ActionResult result = ActionResult.Retry("not tried");
        var attempts = 0;
        var backoff = options.FirstBackoff;
        while (attempts < options.Attempts)
        {
            attempts++;
            try
            {
                result = await ActAsync(work, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or k8s.Autorest.HttpOperationException)
            {
                result = ActionResult.Retry(e.Message);
            }

            if (!result.Transient || attempts == options.Attempts) break;
            try
            {
                await Task.Delay(backoff, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
        }

        var refusal = result.Refusal is null ? null : result.Transient ? $"failed after {attempts} tries: {result.Refusal}" : result.Refusal;
        if (d.Kind == DecisionKind.Start)
        {
            if (refusal is not null) cluster.Abandon(work.Intent!.Id);
        }
        else
        {
            cluster.Settle(d, result.State, refusal);
        }

        Report(work, refusal, attempts);
        work.Turn?.Done.TrySetResult();
        await EventAsync(work, refusal, cancellation).ConfigureAwait(false);
    }

    private async Task<ActionResult> ActAsync(Work work, CancellationToken cancellation)
    {
        var d = work.Decision;
        var function = cluster.World.Functions[d.Function].Name;
        if (d.Kind == DecisionKind.Start) return await actions.StartAsync(function, work.Intent!, Open(work.Intent!.Id), cancellation).ConfigureAwait(false);
        if (cluster.Pod(d.Replica!) is not { } pod) return ActionResult.Refused($"pod {d.Replica} is gone");
        switch (d.Kind)
        {
            case DecisionKind.Stop:
                return await actions.StopAsync(pod, function, Open(null), cancellation).ConfigureAwait(false);
            case DecisionKind.Ready or DecisionKind.NotReady:
                return await actions.GateAsync(pod, d.Kind == DecisionKind.Ready, cancellation).ConfigureAwait(false);
            case DecisionKind.Load or DecisionKind.Offload:
                return await actions.MoveAsync(pod, d.Kind == DecisionKind.Load, cancellation).ConfigureAwait(false);

            case DecisionKind.Annotate when d.Key is { } key:
                return await actions.AnnotateAsync(pod, key, d.Value, cancellation).ConfigureAwait(false);
            default:
                return ActionResult.Refused("nothing to do for " + d.Kind);
        }
    }

    private HashSet<string> Open(string? also)
    {
        var open = cluster.OpenIntents.ToHashSet(StringComparer.Ordinal);
        if (also is not null) open.Add(also);
        return open;
    }

    private void Report(Work work, string? refusal, int attempts)
    {
        var d = work.Decision;
        var replica = work.Intent is { } intent ? "intent:" + intent.Id : d.Replica ?? "";
        var seconds = Stopwatch.GetElapsedTime(work.Since).TotalSeconds;
        var outcome = new DecisionOutcome(cluster.Now - _started, work.Source, DecisionKindNames.Of(d.Kind), replica, d.Function, d.Gpu, refusal, d.Reason, seconds, attempts);
        if (refusal is null) LogApplied(log, outcome.Kind, replica, d.Reason, seconds);
        else LogRefused(log, outcome.Kind, replica, refusal, d.Reason);
        Applied?.Invoke(outcome);
    }

    private async Task EventAsync(Work work, string? refusal, CancellationToken cancellation)
    {
        var d = work.Decision;
        var start = d.Kind == DecisionKind.Start;
        var pod = start ? null : cluster.Pod(d.Replica!);
        var (kind, name, uid) = start || pod is null ? ("Deployment", cluster.World.Functions[d.Function].Name, (string?)null) : ("Pod", pod.Name, pod.Uid);
        var verb = DecisionKindNames.Of(d.Kind);
        var reason = refusal is null ? Reasons.GetValueOrDefault(d.Kind, "Decided") : "DecisionRefused";
        var note = refusal is null ? d.Reason : $"{verb} refused: {refusal}; policy's reason: {d.Reason}";
        try
        {
            await actions.EventAsync(kind, name, uid, refusal is null ? "Normal" : "Warning", reason, verb, note, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or IOException)
        {
            LogEventLost(log, name, e.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private static readonly Dictionary<DecisionKind, string> Reasons = new()
    {
        [DecisionKind.Start] = "ScaledUp", [DecisionKind.Stop] = "ScaledDown", [DecisionKind.Ready] = "Promoted", [DecisionKind.NotReady] = "Demoted",
        [DecisionKind.Load] = "ModelLoaded", [DecisionKind.Offload] = "ModelOffloaded", [DecisionKind.Annotate] = "Noted",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Replica}: {Reason} ({Seconds:0.000} s)")]
    private static partial void LogApplied(ILogger log, string kind, string replica, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Replica} refused: {Refusal}; policy's reason: {Reason}")]
    private static partial void LogRefused(ILogger log, string kind, string replica, string refusal, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "event for {Name} not written: {Message}")]
    private static partial void LogEventLost(ILogger log, string name, string message);

    private sealed record Work(Decision Decision, string Source, long Since, PlacementIntent? Intent, (Task After, TaskCompletionSource Done)? Turn = null);
}
