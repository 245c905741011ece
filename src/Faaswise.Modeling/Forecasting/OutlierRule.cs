using Faaswise.Modeling.Datasets;

namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// DFaaS's outlier rule (§5.2): among the iterations of one configuration on one node class, a usage or latency value
/// further than one sample standard deviation from their mean is replaced by the mean, and the node counts as
/// overloaded only if every iteration was. It rewrites about a third of the values; it is here to reproduce DFaaS.
/// </summary>
public static class OutlierRule
{
    /// <summary>The cleaned rows and how many node CPU values were replaced.</summary>
    public static (IReadOnlyList<SampleRow> Rows, int CpuReplaced) Apply(IReadOnlyList<SampleRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = rows.ToArray();
        var cpuReplaced = 0;
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => rows[i].ConfigurationKey))
        {
            var members = group.ToArray();
            if (members.Length < 2) continue;
            var cpu = Clean(members.Select(i => rows[i].Measured.Cpu).ToArray());
            var ram = Clean(members.Select(i => rows[i].Measured.Ram).ToArray());
            var power = Clean(members.Select(i => rows[i].Measured.Power).ToArray());
            var allOverloaded = members.All(i => rows[i].Measured.Overloaded);
            var functions = rows[members[0]].Functions.Select(f => f.Name).Distinct().ToArray();
            var cleaned = functions.ToDictionary(f => f, f =>
            {
                var having = members.Where(i => rows[i].Functions.Any(x => x.Name == f)).ToArray();
                FunctionMeasurement Of(int i) => rows[i].Functions.First(x => x.Name == f);
                return (Rows: having,
                    Cpu: Clean(having.Select(i => Of(i).CpuUsage).ToArray()),
                    Ram: Clean(having.Select(i => Of(i).RamUsage).ToArray()),
                    Power: Clean(having.Select(i => Of(i).PowerUsage).ToArray()),
                    Latency: Clean(having.Select(i => Of(i).MeanLatencyNs).ToArray()));
            });

            for (var m = 0; m < members.Length; m++)
            {
                var i = members[m];
                if (cpu[m] != rows[i].Measured.Cpu) cpuReplaced++;
                var functionsCleaned = rows[i].Functions.Select(f =>
                {
                    if (!cleaned.TryGetValue(f.Name, out var c)) return f;
                    var at = Array.IndexOf(c.Rows, i);
                    return at < 0 ? f : f with { CpuUsage = c.Cpu[at], RamUsage = c.Ram[at], PowerUsage = c.Power[at], MeanLatencyNs = c.Latency[at] };
                }).ToArray();
                result[i] = rows[i] with
                {
                    Functions = functionsCleaned,
                    Measured = rows[i].Measured with { Cpu = cpu[m], Ram = ram[m], Power = power[m], Overloaded = allOverloaded },
                };
            }
        }

        return (result, cpuReplaced);
    }

    private static double[] Clean(double[] values)
    {
        if (values.Length < 2) return values;
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return values.Select(v => Math.Abs(v - mean) > std ? mean : v).ToArray();
    }
}
