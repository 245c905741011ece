namespace Faaswise.Qshuf.World;

/// <summary>The cluster files and model catalogues that ship with the tool, addressable by name.</summary>
public static class Catalogues
{
    /// <summary>Names of the shipped cluster files.</summary>
    public static IReadOnlyList<string> Clusters { get; } = ["default", "memory-pressure", "local"];

    /// <summary>The text of a shipped cluster file or catalogue, or null when none has that name.</summary>
    public static string? Text(string name)
    {
        using var stream = typeof(Catalogues).Assembly.GetManifestResourceStream($"Faaswise.Qshuf.Catalogues.{name}.yaml");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses a cluster file's text, resolving catalogue names among the shipped ones.</summary>
    public static ClusterWorld Parse(string yaml) =>
        WorldYaml.Parse(yaml, name => Text(name) ?? throw new WorldFormatException($"catalogue '{name}' is not shipped (known: qshuf-es1)"));

    /// <summary>A shipped cluster by name.</summary>
    public static ClusterWorld Cluster(string name) =>
        Parse(Text(name) ?? throw new WorldFormatException($"no shipped cluster is named '{name}' (known: {string.Join(", ", Clusters)})"));
}
