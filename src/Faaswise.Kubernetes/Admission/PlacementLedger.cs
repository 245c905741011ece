using System.Text.Json.Nodes;
using Faaswise.Qshuf.Control;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Admission;

/// <summary>
/// The replicas placement counts: pods the informer has seen, plus pods this webhook admitted that it has not seen
/// yet (an assume cache, as kube-scheduler keeps: an admitted pod holds its GPU memory at once, is confirmed when the
/// informer shows a pod carrying its admission uid, and expires if none appears). Dry runs assume nothing.
/// </summary>
public sealed class PlacementLedger(ClusterWorld world, TimeProvider clock, TimeSpan assumeFor)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ReplicaSnapshot> _observed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ReplicaSnapshot Replica, DateTimeOffset Expires, string? Intent)> _assumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _intentOf = new(StringComparer.Ordinal);

    /// <summary>The world placements are made in.</summary>
    public ClusterWorld World { get; } = world;

    /// <summary>Admitted pods not yet seen.</summary>
    public int Assumed
    {
        get
        {
            lock (_gate) return _assumed.Count;
        }
    }

    /// <summary>A pod was added or changed.</summary>
    public void Observe(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var replica = PodReplica.Read(World, pod);
        var name = pod["metadata"]?["name"]?.GetValue<string>();
        var admission = pod["metadata"]?["annotations"]?[PodLabels.Admission]?.GetValue<string>();
        lock (_gate)
        {
            if (admission is not null) _assumed.Remove(admission);
            if (name is null) return;
            if (replica is null) _observed.Remove(name);
            else _observed[name] = replica;
            if (pod["metadata"]?["annotations"]?[PodLabels.Intent]?.GetValue<string>() is { } intent) _intentOf[name] = intent;
            else _intentOf.Remove(name);
        }
    }

    /// <summary>A pod was deleted.</summary>
    public void Forget(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod["metadata"]?["name"]?.GetValue<string>() is not { } name) return;
        lock (_gate)
        {
            _observed.Remove(name);
            _intentOf.Remove(name);
        }
    }

    /// <summary>Every observed pod is replaced by <paramref name="pods"/> (after a relist).</summary>
    public void Reset(IEnumerable<JsonObject> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        lock (_gate)
        {
            _observed.Clear();
            _intentOf.Clear();
        }

        foreach (var p in pods) Observe(p);
    }

    /// <summary>Runs <paramref name="decide"/> on a snapshot under the ledger's lock, so that two admissions never place against the same free memory.</summary>
    public T Decide<T>(Func<ClusterSnapshot, T> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            foreach (var expired in _assumed.Where(a => a.Value.Expires <= now).Select(a => a.Key).ToList()) _assumed.Remove(expired);
            var replicas = _observed.Values.Concat(_assumed.Values.Select(a => a.Replica));
            return decide(new ClusterSnapshot(World, now.ToUnixTimeMilliseconds() / 1000.0, replicas));
        }
    }

    /// <summary>Counts an admitted pod until the informer shows it (call inside <see cref="Decide{T}"/>'s function or after it), with the intent it took.</summary>
    public void Assume(string admissionUid, ReplicaSnapshot replica, string? intent = null)
    {
        lock (_gate) _assumed[admissionUid] = (replica, clock.GetUtcNow() + assumeFor, intent);
    }

    /// <summary>Whether a pod seen or admitted has taken the intent (call inside <see cref="Decide{T}"/>'s function).</summary>
    public bool Taken(string intent)
    {
        lock (_gate) return _intentOf.ContainsValue(intent) || _assumed.Values.Any(a => a.Intent == intent);
    }
}
