namespace Faaswise.LocalFaas.Builtins;

/// <summary>The built-in functions by name.</summary>
public static class BuiltinFunctions
{
    /// <summary>The image prefix that names a built-in in a deployment: <c>faaswise/figlet</c>.</summary>
    public const string ImagePrefix = "faaswise/";

    private static readonly Func<IBuiltinFunction>[] Factories =
    [
        () => new FigletFunction(), () => new ShasumFunction(), () => new EnvFunction(), () => new EatMemoryFunction(),
        () => new PrimesFunction(), () => new CurlFunction(), () => new EchoFunction(),
    ];

    /// <summary>Every built-in, in the order <c>faaswise functions list</c> shows them.</summary>
    public static IReadOnlyList<IBuiltinFunction> All { get; } = Factories.Select(f => f()).ToArray();

    /// <summary>The names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    /// <summary>A new instance of the named built-in, or null.</summary>
    public static IBuiltinFunction? Create(string name)
    {
        var index = Array.IndexOf(Names.ToArray(), name);
        return index < 0 ? null : Factories[index]();
    }

    /// <summary>
    /// The built-in an image stands for: <c>faaswise/&lt;name&gt;[:tag]</c>, or any image whose last path segment is a
    /// built-in's name (<c>ghcr.io/openfaas/figlet:latest</c>, <c>cavecal/eat-memory</c>), so stack files written for
    /// OpenFaaS run unchanged.
    /// </summary>
    public static string? ForImage(string image)
    {
        var last = LastSegment(image);
        return Names.Contains(last, StringComparer.Ordinal) ? last : null;
    }

    /// <summary>An image's last path segment without tag or digest: <c>figlet</c> for <c>ghcr.io/openfaas/figlet:latest</c>.</summary>
    public static string LastSegment(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var repository = image.Split('@')[0];
        var slash = repository.LastIndexOf('/');
        var colon = repository.LastIndexOf(':');
        if (colon > slash) repository = repository[..colon];
        return repository[(slash + 1)..];
    }
}
