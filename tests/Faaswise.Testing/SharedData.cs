namespace Faaswise.Testing;

/// <summary>The workplace's shared DFaaS datasets (third-party, AGPL): read in place, never copied into the repository.</summary>
public static class SharedData
{
    /// <summary>The <c>shared/data/dfaas</c> folder: <c>$FAASWISE_DFAAS_DATA</c>, else found beside an ancestor of the test binaries.</summary>
    public static string Dfaas { get; } = Find();

    /// <summary>A path inside <see cref="Dfaas"/>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Dfaas, .. parts]);

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("FAASWISE_DFAAS_DATA") is { Length: > 0 } set) return set;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data", "dfaas");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException("the shared DFaaS data (../shared/data/dfaas from the repository root) is missing; set FAASWISE_DFAAS_DATA");
    }
}
