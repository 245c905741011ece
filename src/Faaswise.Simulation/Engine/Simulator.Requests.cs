using Faaswise.Qshuf.Control;

namespace Faaswise.Simulation.Engine;

/// <summary>The request path: arrival, routing and admission, the FIFO queue, timeouts and early drops, inference.</summary>
public sealed partial class Simulator
{
    private void Arrive(int traceIndex)
    {
        var (trace, f) = _traces[traceIndex];
        var k = _cursor[traceIndex]++;
        if (k + 1 < trace.Offsets.Count) _events.Schedule(trace.StartSeconds + trace.Offsets[k + 1], EventKind.Arrival, traceIndex);
        else _tracesLeft--;
        Requests++;
        _arrivals[f].Add(_now);
        var request = new Request(f, _now, _now + World.Functions[f].TimeoutSeconds, _service.Draw(_serviceStreams[traceIndex]));
        foreach (var r in _byFunction[f]) Purge(r);
        var (route, side) = _policy.Route(this, f);
        if (side.Count > 0) Apply(side, "route");
        if (route.Replica is not Replica replica || replica.Function != f || replica.Phase != ReplicaPhase.Running || !replica.Ready || _replicas[replica.Index] != replica)
        {
            _observer.OnDecision(new DecisionRecord(_now, "route", "refuse", route.Replica?.Id ?? "", f, route.Replica?.Gpu ?? -1, null, route.Reason, route.ExpectedSeconds));
            Emit(request, RequestStatus.Refused, _now, -1, -1);
            return;
        }

        _inFlight++;
        _outstanding[f]++;
        replica.Queue.Enqueue(request);
        Dispatch(replica);
    }

    /// <summary>Answers 408 for requests at the head of a queue whose deadline passed (the queue is in arrival order).</summary>
    private void Purge(Replica r)
    {
        while (r.Queue.Count > 0 && r.Queue.Peek().Deadline <= _now) EndQueued(r, r.Queue.Dequeue(), RequestStatus.Timeout);
    }

    private void EndQueued(Replica r, Request request, int status)
    {
        var end = status == RequestStatus.Timeout ? request.Deadline : _now;
        _inFlight--;
        _outstanding[request.Function]--;
        Emit(request, status, end, r.Index, r.Gpu);
    }

    private void Dispatch(Replica r)
    {
        while (r.Busy < r.Workers && r.Queue.Count > 0)
        {
            if (r.Residency is not (Residency.Gpu or Residency.Host) || r.Phase is ReplicaPhase.Starting or ReplicaPhase.Failed) return;
            var request = r.Queue.Dequeue();
            if (request.Deadline <= _now)
            {
                EndQueued(r, request, RequestStatus.Timeout);
                continue;
            }

            var recent = r.RecentMean();
            if (!double.IsNaN(recent) && request.Deadline - _now < recent * World.Runtime.TimeoutFactor)
            {
                EndQueued(r, request, RequestStatus.EarlyDrop);
                continue;
            }

            var onGpu = r.Residency == Residency.Gpu;
            var exec = World.ExecSeconds(r.Function, onGpu) * request.ServiceFactor;
            if (onGpu)
            {
                var gpu = _gpus[r.Gpu];
                var share = World.ModelOf(r.Function).GpuShare;
                var total = gpu.ShareRunning + share;
                if (total > 1) exec *= total;
                gpu.InferenceStarted(_now, share);
            }

            request.Start = _now;
            request.Exec = exec;
            request.OnGpu = onGpu;
            request.LoadWait = Overlap(request.Arrival, _now, r.LoadFrom, r.LoadUntil);
            r.Busy++;
            r.LastUsed = _now;
            _events.Schedule(_now + exec, EventKind.InferenceDone, r.Index, request);
        }
    }

    private static double Overlap(double a0, double a1, double b0, double b1) =>
        double.IsNaN(b0) ? 0 : Math.Max(0, Math.Min(a1, b1) - Math.Max(a0, b0));

    private void InferenceDone(Replica r, Request request)
    {
        r.Busy--;
        r.LastUsed = _now;
        if (request.OnGpu)
        {
            _gpus[r.Gpu].InferenceEnded(_now, World.ModelOf(r.Function).GpuShare);
            Counters[r.Function].GpuExecSeconds += request.Exec;
        }

        _inFlight--;
        _outstanding[request.Function]--;
        if (r.Phase == ReplicaPhase.Failed)
        {
            Emit(request, RequestStatus.Crashed, Math.Max(request.Start, r.FailedAt), r.Index, r.Gpu);
            ExitIfDrained(r);
            return;
        }

        _observed.Inference(r.Function, request.OnGpu, request.Exec);
        r.AddCompletion(_now - request.Arrival);
        if (_now <= request.Deadline) Emit(request, RequestStatus.Ok, _now, r.Index, r.Gpu);
        else Emit(request, RequestStatus.Timeout, request.Deadline, r.Index, r.Gpu);
        Dispatch(r);
        ExitIfDrained(r);
    }

    private void Emit(Request request, int status, double end, int replica, int gpu)
    {
        var started = !double.IsNaN(request.Start);
        var waited = (started ? request.Start : end) - request.Arrival;
        var load = started ? request.LoadWait : 0;
        _observer.OnRequest(new RequestRecord(
            request.Function, request.Arrival, request.Start, end, status, started && request.OnGpu,
            Math.Max(0, waited - load), load, started ? request.Exec : 0, replica, gpu));
    }
}
