using System.Globalization;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.Decisions;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// QShuf's scaler as its artifact intends it (reference/qshuf.md §2.3-2.4): every period the formula of
/// <see cref="QshufAutoscaler"/> on the irate of the started-invocations counter, the cv of that series over 10
/// minutes and the outstanding queue; promotion of a reserve by /toready, then /tocuda when its model is in host
/// memory; demotion by /tonotready of the most recently promoted reserve once need &lt; 0 has held 60 s (the model
/// stays on the GPU); a new reserve when none stands by, checked every 20 s. With <paramref name="memoryAware"/> a
/// promotion loads the model only where it fits, else the pod serves on its CPU (the artifact's /tocuda just fails).
/// The 60 s and 20 s timers are soft: a restart begins them again.
/// </summary>
public sealed class QshufScaler(QshufAutoscaler autoscaler, bool memoryAware) : IScaler
{
    private const double ReserveCheckSeconds = 20;
    private const double CvWindowSeconds = 600;
    private readonly Dictionary<int, double> _scaleRecord = [];
    private readonly Dictionary<int, double> _reserveChecked = [];

    /// <inheritdoc />
    public void Scale(IClusterSnapshot cluster, IPlacement placement, DecisionList decisions)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentNullException.ThrowIfNull(decisions);
        var now = cluster.Time;
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            if (!_scaleRecord.ContainsKey(f)) _scaleRecord[f] = now;
            if (!_reserveChecked.ContainsKey(f)) _reserveChecked[f] = now;
            var replicas = cluster.ReplicasOf(f);
            var readyCount = 0;
            foreach (var r in replicas)
            {
                if (r.Ready && r.Phase == ReplicaPhase.Running) readyCount++;
            }

            var latency = cluster.World.ExecSeconds(f, onGpu: true);
            var (rps, cv) = cluster.Irate(f, CvWindowSeconds);
            var queue = cluster.Outstanding(f);
            var desired = autoscaler.DesiredReplicas(latency, rps, queue, cv, readyCount);
            var need = desired - readyCount;
            if (need < 0)
            {
                if (now - _scaleRecord[f] < ScaleDown.WindowSeconds) continue;
                var why = Why(rps, queue, cv, readyCount, desired);
                foreach (var r in replicas.Where(r => r.Ready && r.Phase == ReplicaPhase.Running && r.Reserve && r.ReadyPending != false).OrderByDescending(r => r.ReadySince).Take(-need))
                {
                    decisions.Add(Decision.On(DecisionKind.NotReady, r, why + ": demoted (model stays)"));
                }
            }
            else if (need > 0)
            {
                var why = Why(rps, queue, cv, readyCount, desired);
                foreach (var r in replicas.Where(r => !r.Ready && r.ReadyPending != true && r.Phase == ReplicaPhase.Running && r.Reserve).Take(need))
                {
                    decisions.Add(Decision.On(DecisionKind.Ready, r, why + ": promoted"));
                    if (r.Residency != Residency.Host || r.Gpu < 0) continue;
                    if (!memoryAware || Eviction.ComingFree(cluster, decisions, r.Gpu) >= cluster.GpuBytesToLoad(r)) decisions.Load(cluster, r, why + ": promoted, /tocuda");
                }
            }

            _scaleRecord[f] = now;
            if (now - _reserveChecked[f] >= ReserveCheckSeconds)
            {
                _reserveChecked[f] = now;
                var standing = replicas.Count(r => !r.Ready && r.ReadyPending != true && r.Phase is ReplicaPhase.Starting or ReplicaPhase.Running);
                if (standing < 1) placement.Place(cluster, f, true, decisions, "qshuf: no reserve stands by");
            }
        }
    }

    private static string Why(double rps, int queue, double cv, int ready, int desired) =>
        string.Create(CultureInfo.InvariantCulture, $"qshuf autoscaler: rps {rps:0.##}, queue {queue}, cv {cv:0.##}, {ready} ready, {desired} desired");
}
