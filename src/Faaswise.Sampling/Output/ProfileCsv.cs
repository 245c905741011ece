namespace Faaswise.Sampling.Output;

/// <summary>DFaaS's profiler CSV (<c>name,rate,success_rate,cpu_usage,ram_usage,power_usage,overloaded,medium_latency</c>),
/// derived from a single-function results file and replaced atomically.</summary>
public static class ProfileCsv
{
    /// <summary>The header.</summary>
    public const string Header = "name,rate,success_rate,cpu_usage,ram_usage,power_usage,overloaded,medium_latency";

    /// <summary>Rewrites <paramref name="path"/> from the rows of a single-function results file.</summary>
    public static void WriteFrom(string resultsFile, string path)
    {
        var lines = DurableLines.ReadAndRepair(resultsFile);
        if (lines.Count == 0) return;
        var header = lines[0].Split(',');
        var name = header[0]["function_".Length..];
        int Column(string c) => Array.IndexOf(header, c);
        int[] picks = [Column($"rate_function_{name}"), Column($"success_rate_function_{name}"), Column($"cpu_usage_function_{name}"), Column($"ram_usage_function_{name}"),
            Column($"power_usage_function_{name}"), Column($"overloaded_function_{name}"), Column($"medium_latency_function_{name}")];
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(f => name + "," + string.Join(',', picks.Select(p => f[p])));
        DurableLines.Replace(path, [Header, .. rows]);
    }
}
