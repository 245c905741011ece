namespace Faaswise.Modeling;

/// <summary>Writes that readers never see half done: a temporary file in the same folder, renamed over the target.</summary>
public static class AtomicFile
{
    /// <summary>Replaces a file's text atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, full, overwrite: true);
    }
}
