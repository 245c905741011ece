namespace Faaswise.LocalFaas.Tests.Gateway;

/// <summary>Looks at processes through /proc.</summary>
internal static class ProcessProbe
{
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Every live descendant of <paramref name="root"/>.</summary>
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z") parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }

        return parents.Keys.Where(p =>
        {
            for (var q = p; parents.TryGetValue(q, out var parent); q = parent)
            {
                if (parent == root) return true;
            }

            return false;
        }).ToArray();
    }

    public static async Task<bool> WaitUntilGoneAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (pids.Any(IsAlive))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }

        return true;
    }
}
