using System.Globalization;

namespace Faaswise.Sampling.Output;

/// <summary>
/// <c>index.csv</c> in DFaaS's format (<c>;</c>-separated, lists as Python literals, functions sorted) with two more
/// columns, <c>iteration</c> and <c>status</c>. Appended one durable line per event, readable while a run goes on.
/// </summary>
public sealed class RunIndex
{
    /// <summary>The file name in a dataset directory.</summary>
    public const string FileName = "index.csv";

    /// <summary>The header line.</summary>
    public const string Header = "functions;rates;overloaded;overload_predicted;results_file;iteration;status";

    private readonly string path;
    private readonly List<IndexEntry> entries;

    private RunIndex(string path, List<IndexEntry> entries)
    {
        this.path = path;
        this.entries = entries;
    }

    /// <summary>Entries so far.</summary>
    public IReadOnlyList<IndexEntry> Entries => entries;

    /// <summary>Opens (or creates) the index of a directory, repairing a line cut short by a kill.</summary>
    public static RunIndex Open(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var lines = DurableLines.ReadAndRepair(path);
        if (lines.Count == 0) DurableLines.Append(path, Header);
        return new RunIndex(path, lines.Skip(1).Select(Parse).ToList());
    }

    /// <summary>Appends an entry durably.</summary>
    public void Add(IndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        DurableLines.Append(path, Format(entry));
        entries.Add(entry);
    }

    /// <summary>Iterations of a configuration that completed (status ok).</summary>
    public int Completed(string key) => entries.Count(e => e.Status == RunStatus.Ok && e.Key == key);

    /// <summary>Whether a configuration was skipped or predicted as a whole.</summary>
    public bool Settled(string key) => entries.Any(e => e.Key == key && e.Status.Settles());

    /// <summary>Nothing more to do for the configuration: settled, or every iteration ran.</summary>
    public bool Finished(string key, int iterations) => Settled(key) || Completed(key) >= iterations;

    /// <summary>No entry for the configuration yet: the skip rules decide whether it runs.</summary>
    public bool Untouched(string key) => !entries.Any(e => e.Key == key);

    /// <summary>Failed attempts of an iteration.</summary>
    public int Failures(string key, int iteration) => entries.Count(e => e.Status == RunStatus.Failed && e.Key == key && e.Iteration == iteration);

    internal static string Format(IndexEntry e) => string.Join(';',
        "[" + string.Join(", ", e.Functions.Select(f => $"'{f}'")) + "]",
        "[" + string.Join(", ", e.Rates.Select(r => r.ToString(CultureInfo.InvariantCulture))) + "]",
        e.Overloaded ? "True" : "False",
        e.OverloadPredicted ? "True" : "False",
        e.ResultsFile,
        e.Iteration.ToString(CultureInfo.InvariantCulture),
        RunStatuses.Format(e.Status));

    internal static IndexEntry Parse(string line)
    {
        var f = line.Split(';');
        if (f.Length < 5) throw new FormatException($"index.csv: not an index line: {line}");
        static string[] List(string text) => text.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new IndexEntry(
            List(f[0]).Select(x => x.Trim('\'', '"')).ToArray(),
            List(f[1]).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray(),
            f[2] == "True",
            f[3] == "True",
            f[4],
            f.Length > 5 ? int.Parse(f[5], CultureInfo.InvariantCulture) : 0,
            f.Length > 6 ? RunStatuses.Parse(f[6]) : f[3] == "True" ? RunStatus.Predicted : RunStatus.Ok);
    }
}
