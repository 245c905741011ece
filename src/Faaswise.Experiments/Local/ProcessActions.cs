using System.Globalization;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Control;

namespace Faaswise.Experiments.Local;

/// <summary>
/// The effects of decisions on a local run, for the same <see cref="DecisionApplier"/> Kubernetes uses: a start
/// launches a runtime process for the intent, a stop takes the replica out of the endpoints at once and drains and
/// ends it in the background (as a pod deletion does), readiness and residency go to the runtime's control API with
/// QShuf's answers, and events are lines in a log. A start is refused when the node's CPU cores are all requested,
/// as the simulator refuses it and the scheduler leaves such a pod pending.
/// </summary>
internal sealed class ProcessActions(ProcessPods pods, TextWriter events) : IClusterActions
{
    private readonly Lock _eventsGate = new();

    public Task<ActionResult> StartAsync(string function, PlacementIntent intent, IReadOnlySet<string> open, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var world = pods.World;
        var f = world.FunctionIndex(function);
        if (f < 0) return Task.FromResult(ActionResult.Refused($"no function {function} in the world"));
        var gpu = PodReplica.GpuIndex(world, intent.Gpu);
        if (pods.CpuShortfall(f, gpu) is { } lacking) return Task.FromResult(ActionResult.Refused(lacking));
        try
        {
            pods.Launch(f, gpu, intent.OnGpu, intent.Ready, intent.Reserve, intent.Slot, intent.Id);
            return Task.FromResult(ActionResult.Done());
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return Task.FromResult(ActionResult.Retry("the runtime process did not start: " + e.Message));
        }
    }

    public Task<ActionResult> StopAsync(FunctionPod pod, string function, IReadOnlySet<string> open, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pods.Get(pod.Name) is not { } p) return Task.FromResult(ActionResult.Refused($"replica {pod.Name} is gone"));
        var drain = TimeSpan.FromSeconds(pods.World.Functions[pod.Replica.Function].TimeoutSeconds + 1);
        _ = pods.StopAsync(p, drain, CancellationToken.None);
        return Task.FromResult(ActionResult.Done());
    }

    public async Task<ActionResult> GateAsync(FunctionPod pod, bool ready, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pods.Get(pod.Name) is not { } p) return ActionResult.Refused($"replica {pod.Name} is gone");
        var result = RuntimeAnswers.OfGate(await pods.ControlAsync(p, ready ? "toready" : "tonotready", cancellation).ConfigureAwait(false));
        if (result.Refusal is null) await pods.ProbeAsync(p, cancellation).ConfigureAwait(false);
        return result;
    }

    public async Task<ActionResult> MoveAsync(FunctionPod pod, bool toGpu, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pods.Get(pod.Name) is not { } p) return ActionResult.Refused($"replica {pod.Name} is gone");
        var answer = await pods.ControlAsync(p, toGpu ? "tocuda" : "tocpu", cancellation).ConfigureAwait(false);
        if (!answer.Ok) return RuntimeAnswers.OfMove(answer);
        p.Device(toGpu);
        if (pods.Log is { } log && MoveAnswer.Read(answer.Body) is { } move) log.Move(pods.Now, p.Name, p.Function, p.Gpu, toGpu, move.Seconds, move.Waited, move.Bytes);
        return ActionResult.Done(await pods.ProbeAsync(p, cancellation).ConfigureAwait(false));
    }

    public Task<ActionResult> AnnotateAsync(FunctionPod pod, string key, string? value, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pods.Get(pod.Name) is not { } p) return Task.FromResult(ActionResult.Refused($"replica {pod.Name} is gone"));
        p.Annotate(key, value);
        pods.Observe(p);
        return Task.FromResult(ActionResult.Done());
    }

    public Task<RuntimeState?> IndexAsync(FunctionPod pod, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pods.Get(pod.Name) is { } p ? pods.IndexAsync(p, cancellation) : Task.FromResult<RuntimeState?>(null);
    }

    public Task EventAsync(string kind, string name, string? uid, string type, string reason, string action, string note, CancellationToken cancellation)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:O} {type} {reason} {kind}/{name}: {note}");
        lock (_eventsGate) events.WriteLine(line);
        return Task.CompletedTask;
    }
}
