using System.Text;

namespace Faaswise.Sampling.Output;

/// <summary>
/// Append-only text files that survive a kill: each line goes out in one write and is flushed to disk before the
/// call returns, and a file whose last line was cut short by a kill is truncated back to its last complete line
/// before anything else is appended.
/// </summary>
public static class DurableLines
{
    /// <summary>Complete lines of a file (none when it does not exist); a cut-short last line is dropped from the file.</summary>
    public static IReadOnlyList<string> ReadAndRepair(string path)
    {
        if (!File.Exists(path)) return [];
        var bytes = File.ReadAllBytes(path);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (complete < bytes.Length)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(complete);
            stream.Flush(flushToDisk: true);
        }

        return Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    /// <summary>Appends lines in one write and flushes them to disk.</summary>
    public static void Append(string path, params string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Replaces a whole file: a temporary sibling flushed to disk, then renamed over it.</summary>
    public static void Replace(string path, IEnumerable<string> lines)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
