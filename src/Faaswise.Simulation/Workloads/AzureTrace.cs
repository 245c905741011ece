using System.Globalization;
using Faaswise.Load.Arrivals;

namespace Faaswise.Simulation.Workloads;

/// <summary>
/// Azure Functions 2019 per-minute invocation counts (<c>invocations_per_function_md.anon.dNN.csv</c>: HashOwner,
/// HashApp, HashFunction, Trigger, then one column per minute) turned into arrivals: trace functions are mapped onto
/// the target functions round-robin in file order, their counts summed and scaled, and each minute's count becomes a
/// Poisson (cv 1) or gamma process at that minute's rate, cut at the minute's end (AlpaServe's recipe).
/// </summary>
public static class AzureTrace
{
    /// <summary>Reads the counts and builds the workload.</summary>
    /// <exception cref="FormatException">Not the trace's format, with file and line.</exception>
    public static Workload Load(string path, IReadOnlyList<string> targets, double rateScale, double cv, int startMinute, int minutes, int seed)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0) throw new ArgumentException("no target functions", nameof(targets));
        var perTarget = targets.Select(_ => new double[minutes]).ToArray();
        var row = 0;
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            var fields = text.Split(',');
            if (line == 1)
            {
                if (fields.Length < 5 || fields[0] != "HashOwner" || fields[3] != "Trigger")
                {
                    throw new FormatException($"{path}:1: not an Azure Functions 2019 invocation file (HashOwner,HashApp,HashFunction,Trigger,1,2,...)");
                }

                if (startMinute + minutes > fields.Length - 4) throw new FormatException($"{path}: minutes {startMinute + 1}..{startMinute + minutes} are beyond its {fields.Length - 4}");
                continue;
            }

            if (fields.Length < 4 + startMinute + minutes) throw new FormatException($"{path}:{line}: {fields.Length} fields, fewer than the header's");
            var counts = perTarget[row++ % targets.Count];
            for (var m = 0; m < minutes; m++)
            {
                if (!double.TryParse(fields[4 + startMinute + m], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) || c < 0)
                {
                    throw new FormatException($"{path}:{line}: minute {startMinute + m + 1} is not a count: '{fields[4 + startMinute + m]}'");
                }

                counts[m] += c;
            }
        }

#pragma warning disable CA5394 // seeded for reproducibility, not security
        var random = new Random(seed);
        var traces = targets.Select((target, t) =>
        {
            var offsets = new List<double>();
            for (var m = 0; m < minutes; m++)
            {
                var rate = perTarget[t][m] * rateScale / 60;
                if (rate <= 0) continue;
                RenewalArrivals process = cv == 1 ? new PoissonArrivals(rate) : new GammaArrivals(rate, cv);
                var at = m * 60 + process.NextGapSeconds(random);
                while (at < (m + 1) * 60)
                {
                    offsets.Add(at);
                    at += process.NextGapSeconds(random);
                }
            }

            return new FunctionTrace(target, 0, offsets);
        }).ToArray();
#pragma warning restore CA5394
        return new Workload("azure", cv, minutes * 60, seed, traces);
    }
}
