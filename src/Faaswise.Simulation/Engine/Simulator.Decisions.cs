using Faaswise.Qshuf.Decisions;

namespace Faaswise.Simulation.Engine;

/// <summary>Applying a policy's decisions at once, in order; each one applied or refused with the cluster's reason, and reported.</summary>
public sealed partial class Simulator
{
    private void Apply(DecisionList decisions, string source)
    {
        foreach (var d in decisions)
        {
            var replica = d.Replica ?? "";
            string? refusal;
            if (d.Kind == DecisionKind.Start)
            {
                refusal = StartReplica(d.Function, d.Gpu, d.OnGpu, d.StartReady, d.Reserve, d.Slot, out var started);
                replica = started?.Id ?? "";
            }
            else if (d.Replica is null || !_byId.TryGetValue(d.Replica, out var r))
            {
                refusal = "no such replica";
            }
            else
            {
                refusal = d.Kind switch
                {
                    DecisionKind.Stop => StopAndAccept(r),
                    DecisionKind.Ready => SetReady(r, true),
                    DecisionKind.NotReady => SetReady(r, false),
                    DecisionKind.Load => RequestLoad(r),
                    DecisionKind.Offload => RequestOffload(r),
                    DecisionKind.Annotate => AnnotateAndAccept(r, d),
                    _ => "unknown decision",
                };
            }

            _observer.OnDecision(new DecisionRecord(_now, source, DecisionKindNames.Of(d.Kind), replica, d.Function, d.Gpu, refusal, d.Reason));
        }
    }

    private static string? AnnotateAndAccept(Replica r, Decision d)
    {
        if (d.Key is null) return "no annotation key";
        r.Annotate(d.Key, d.Value);
        return null;
    }

    private string? StopAndAccept(Replica r)
    {
        Stop(r);
        return null;
    }
}
