using Faaswise.Qshuf.Control;

namespace Faaswise.Qshuf.Policies;

/// <summary>
/// How many copies of each function's model each GPU should hold: every active function's first copy, then the
/// further copies it needs to keep up, by the requests per second each adds per GPU byte, then copies for headroom,
/// by requests per second per GPU byte, packed onto the GPUs until memory runs out. A copy
/// goes to a GPU without one of that model if it can (spreading), else beside one (a second process on that GPU),
/// preferring a GPU where it is already resident, then the one with the most unplanned memory.
/// </summary>
public static class CopyPlan
{
    // Every control period plans again: the scratch space is kept per thread (a sweep runs simulations in parallel).
    [ThreadStatic]
    private static Scratch? _scratch;

    private const double Hysteresis = 2;

    /// <summary>
    /// Plans copies; <paramref name="wanted"/> is how many each function should have, <paramref name="rates"/> its
    /// arrival rate. The plan is written into <paramref name="into"/> when it has the world's shape (the caller's
    /// last plan, reused), else into a new array.
    /// </summary>
    public static int[,] Make(IClusterSnapshot cluster, IReadOnlyList<int> wanted, IReadOnlyList<double> rates, int perGpu, int[,]? into = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(rates);
        var world = cluster.World;
        var functions = world.Functions.Count;
        var gpus = world.Gpus.Count;
        var planned = Shaped(into, functions, gpus);
        var scratch = _scratch ??= new Scratch();
        var resident = ResidentCounts(cluster, scratch.Resident);
        scratch.Resident = resident;
        var room = scratch.Room.Length == gpus ? scratch.Room : scratch.Room = new long[gpus];
        // the CUDA contexts idle processes keep after an offload count as room: eviction stops such processes
        for (var g = 0; g < gpus; g++) room[g] = world.Gpus[g].MemoryBytes;

        // tier 0: every active function's first copy, by rate; tier 1: further copies without which the function
        // cannot keep up, by the requests per second each adds per byte; tier 2: copies for headroom, by rate per
        // byte; tier 3: the resident copy of a function without traffic, kept where it is while room remains (a
        // function that starts or resumes then finds its model on a GPU)
        var copies = scratch.Copies;
        copies.Clear();
        for (var f = 0; f < functions; f++)
        {
            var perCopy = world.Functions[f].Workers / cluster.ServiceSeconds(f, onGpu: true);
            var held = 0;
            for (var g = 0; g < gpus; g++) held += resident[f, g];
            for (var k = 1; k <= wanted[f]; k++)
            {
                var added = Math.Min(rates[f] - ((k - 1) * perCopy), perCopy);
                // a copy already resident is worth twice as much as one that has to be moved in (hysteresis: rates
                // that wobble around a tie do not swap large models back and forth)
                var keep = k <= held ? Hysteresis : 1;
                copies.Add(k == 1 ? (f, 0, rates[f]) : added > 0 ? (f, 1, keep * added / world.GpuBytes(f)) : (f, 2, keep * rates[f] / world.GpuBytes(f) / k));
            }

            if (wanted[f] == 0 && AnyResident(resident, f, gpus)) copies.Add((f, 3, world.GpuBytes(f)));
        }

        copies.Sort(ByTierThenOrder);
        foreach (var (f, tier, _) in copies)
        {
            var need = world.GpuBytes(f);
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var g = 0; g < gpus; g++)
            {
                if (planned[f, g] >= perGpu || room[g] < need || (tier == 3 && resident[f, g] == 0)) continue;
                var score = (planned[f, g] == 0 ? 4e18 : 0) + (resident[f, g] > planned[f, g] ? 2e18 : 0) + room[g];
                if (score > bestScore)
                {
                    best = g;
                    bestScore = score;
                }
            }

            if (best < 0) continue;
            planned[f, best]++;
            room[best] -= need;
        }

        return planned;
    }

    /// <summary>Copies of each function's model on, or on their way to, each GPU (written into <paramref name="into"/> when it has the world's shape).</summary>
    public static int[,] ResidentCounts(IClusterSnapshot cluster, int[,]? into = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var counts = Shaped(into, cluster.World.Functions.Count, cluster.World.Gpus.Count);
        for (var f = 0; f < cluster.World.Functions.Count; f++)
        {
            foreach (var r in cluster.ReplicasOf(f))
            {
                if (r.Gpu >= 0 && r.Residency is Residency.Gpu or Residency.Loading) counts[f, r.Gpu]++;
            }
        }

        return counts;
    }

    private static readonly Comparison<(int Function, int Tier, double Order)> ByTierThenOrder = (a, b) =>
    {
        if (a.Tier != b.Tier) return a.Tier.CompareTo(b.Tier);
        var byOrder = b.Order.CompareTo(a.Order);
        return byOrder != 0 ? byOrder : a.Function.CompareTo(b.Function);
    };

    private static int[,] Shaped(int[,]? array, int functions, int gpus)
    {
        if (array is null || array.GetLength(0) != functions || array.GetLength(1) != gpus) return new int[functions, gpus];
        Array.Clear(array);
        return array;
    }

    private static bool AnyResident(int[,] resident, int function, int gpus)
    {
        for (var g = 0; g < gpus; g++)
        {
            if (resident[function, g] > 0) return true;
        }

        return false;
    }

    private sealed class Scratch
    {
        public int[,]? Resident { get; set; }

        public long[] Room { get; set; } = [];

        public List<(int Function, int Tier, double Order)> Copies { get; } = [];
    }
}
