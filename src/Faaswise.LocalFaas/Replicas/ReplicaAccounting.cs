using Faaswise.LocalFaas.Functions;

namespace Faaswise.LocalFaas.Replicas;

/// <summary>
/// CPU and memory per replica from one <c>/proc</c> snapshot, reused for <see cref="MaxAge"/> so that frequent
/// scrapes and API calls read <c>/proc</c> at most a few times a second.
/// </summary>
internal sealed class ReplicaAccounting(FunctionRegistry functions, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(250);

    private readonly object _lock = new();
    private readonly Dictionary<string, (TimeSpan At, double CpuSeconds)> _lastCpu = new(StringComparer.Ordinal);
    private Dictionary<int, ProcessTreeUsage>? _usage;
    private TimeSpan _measuredAt;

    /// <summary>Replicas of one function with their process-tree usage.</summary>
    public sealed record FunctionUsage(ReplicaSet Set, IReadOnlyList<(string Replica, ProcessTreeUsage Usage)> Replicas);

    /// <summary>Every deployed function now, with its replicas' usage at most <see cref="MaxAge"/> old.</summary>
    public sealed record Snapshot(TimeSpan At, IReadOnlyList<FunctionUsage> Functions);


    public Snapshot Current()
    {
        lock (_lock)
        {
            var now = time.GetElapsedTime(0);
            var sets = functions.All;
            var processes = sets.ToDictionary(s => s, s => s.Processes());
            var pids = processes.Values.SelectMany(p => p).Select(p => p.Pid).ToArray();
            if (_usage is null || now - _measuredAt >= MaxAge || pids.Any(p => !_usage.ContainsKey(p)))
            {
                _usage = pids.Length == 0 ? [] : ProcessTreeUsage.Measure(pids, ProcStat.ReadAll());
                _measuredAt = now;
            }

            var usage = _usage;
            return new Snapshot(now, sets.Select(s => new FunctionUsage(s,
                processes[s].Where(p => usage.ContainsKey(p.Pid)).Select(p => (p.Id, usage[p.Pid])).ToArray())).ToArray());
        }
    }

    /// <summary>
    /// CPU used by a function's replicas since the previous call for it, in millicores (OpenFaaS's <c>usage.cpu</c>);
    /// 0 on the first call.
    /// </summary>
    public double Millicores(FunctionUsage function)
    {
        var cpu = function.Replicas.Sum(r => r.Usage.CpuSeconds);
        var name = function.Set.Definition.Name;
        lock (_lock)
        {
            var now = time.GetElapsedTime(0);
            var result = _lastCpu.TryGetValue(name, out var before) && now > before.At
                ? Math.Max(0, (cpu - before.CpuSeconds) / (now - before.At).TotalSeconds * 1000) : 0;
            _lastCpu[name] = (now, cpu);
            return result;
        }
    }
}
