namespace Faaswise.Experiments.Gap;

/// <summary>
/// Reads a run's CSV logs (service.csv, moves.csv, starts.csv, requests.csv, gpus.csv, functions.csv) by their
/// header's names. Their fields never hold commas; a line whose field count differs from the header's (a line cut by
/// a kill) is skipped. A missing file reads as no rows.
/// </summary>
public static class LogCsv
{
    /// <summary>The rows as column name → text.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Read(string path)
    {
        if (!File.Exists(path)) yield break;
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? [];
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(',');
            if (fields.Length == header.Length) yield return header.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        }
    }
}
