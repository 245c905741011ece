using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// A policy: one component per extension point (placement, scaling, shuffling, routing) and an admission rule.
/// It reads snapshots and returns decisions; it holds no clock and does no I/O, and whatever state matters is read
/// back from the snapshot (labels, residency, readiness), so a fresh instance continues a running cluster. What
/// components keep in fields is soft: timers and round-robin positions that a restart resets.
/// </summary>
public sealed class Policy(string name, double controlPeriodSeconds, IPlacement placement, IScaler scaler, IShuffler shuffler, IRouter router, IAdmission admission)
{
    private readonly DecisionList _routeSide = new();

    /// <summary>Name on the command line and in results.</summary>
    public string Name { get; } = name;

    /// <summary>Seconds between two control periods.</summary>
    public double ControlPeriodSeconds { get; } = controlPeriodSeconds;

    /// <summary>Placement.</summary>
    public IPlacement Placement { get; } = placement;

    /// <summary>Scaling.</summary>
    public IScaler Scaler { get; } = scaler;

    /// <summary>Shuffling.</summary>
    public IShuffler Shuffler { get; } = shuffler;

    /// <summary>Routing.</summary>
    public IRouter Router { get; } = router;

    /// <summary>Admission.</summary>
    public IAdmission Admission { get; } = admission;

    /// <summary>The initial deployment.</summary>
    public DecisionList Deploy(IClusterSnapshot cluster)
    {
        var decisions = new DecisionList();
        Placement.Deploy(cluster, decisions);
        return decisions;
    }

    /// <summary>One control period: failed replicas deleted, then the layout, scaling and shuffling.</summary>
    public DecisionList Control(IClusterSnapshot cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var decisions = new DecisionList();
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            foreach (var r in cluster.ReplicasOf(f))
            {
                if (r.Phase == ReplicaPhase.Failed) decisions.Add(Decision.On(DecisionKind.Stop, r, $"failed ({r.LastFailure ?? "unknown"}): deleted"));
            }
        }

        Placement.Maintain(cluster, decisions);
        Scaler.Scale(cluster, Placement, decisions);
        Shuffler.Shuffle(cluster, decisions);
        return decisions;
    }

    /// <summary>
    /// Routes one request. The loads and offloads the choice needs are in the returned list (the same list every
    /// call: apply it before the next). A request the router refuses asks for none; one that admission refuses
    /// keeps them: the copy it would have loaded serves the requests behind it (otherwise a model that takes longer
    /// to load than its SLO would never be loaded on demand).
    /// </summary>
    public (RouteDecision Route, DecisionList Side) Route(IClusterSnapshot cluster, int function)
    {
        _routeSide.Clear();
        var routed = Router.Route(cluster, function, _routeSide);
        if (routed.Refused) _routeSide.Clear();
        return (routed.Refused ? routed : Admission.Admit(cluster, function, routed), _routeSide);
    }
}
