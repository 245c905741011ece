namespace Faaswise.LocalFaas.Scaling;

/// <summary>
/// OpenFaaS Pro's autoscaling formula, pure:
/// <code>desired = ceil(load / (target × target-proportion))</code>, clamped to [min, max]. Scale-up takes effect at
/// once; scale-down follows the highest recommendation of the last stabilisation window (as Kubernetes' HPA does),
/// so a short lull does not kill replicas that the next burst needs.
/// </summary>
public static class AutoscalePolicy
{
    /// <summary>Replicas the load asks for, before stabilisation; 0 only when scaling to zero is due.</summary>
    public static int Desired(ScalingSpec spec, double load, bool idleLongEnoughForZero)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Zero && idleLongEnoughForZero && load <= 0) return 0;
        var perReplica = spec.Target * spec.TargetProportion;
        var wanted = load <= 0 ? 0 : (int)Math.Min(Math.Ceiling(load / perReplica - 1e-9), int.MaxValue);
        return Math.Clamp(wanted, Math.Max(spec.Min, 1), spec.Max);
    }
}
