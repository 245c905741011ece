namespace Faaswise.LocalFaas.Replicas;

/// <summary>CPU and memory of a process and all its descendants, the way cAdvisor accounts a container.</summary>
/// <param name="CpuSeconds">CPU time used by the tree, reaped children included, in seconds.</param>
/// <param name="MemoryBytes">Resident memory of the live processes of the tree, in bytes.</param>
/// <param name="Processes">Live processes in the tree.</param>
public readonly record struct ProcessTreeUsage(double CpuSeconds, long MemoryBytes, int Processes)
{
    /// <summary>Usage of each root's tree, from one snapshot of <c>/proc</c>; roots that are gone are left out.</summary>
    internal static Dictionary<int, ProcessTreeUsage> Measure(IReadOnlyCollection<int> roots, IReadOnlyList<ProcStat> snapshot)
    {
        var children = snapshot.ToLookup(s => s.ParentPid);
        var byPid = snapshot.ToDictionary(s => s.Pid);
        var result = new Dictionary<int, ProcessTreeUsage>();
        var pageSize = Environment.SystemPageSize;
        foreach (var root in roots)
        {
            if (!byPid.TryGetValue(root, out var top)) continue;
            long ticks = 0, pages = 0;
            var count = 0;
            var stack = new Stack<ProcStat>();
            stack.Push(top);
            while (stack.TryPop(out var p))
            {
                ticks += p.CpuTicks;
                pages += p.RssPages;
                count++;
                foreach (var c in children[p.Pid]) stack.Push(c);
            }

            result[root] = new ProcessTreeUsage(ticks / ProcStat.TicksPerSecond, pages * pageSize, count);
        }

        return result;
    }
}
