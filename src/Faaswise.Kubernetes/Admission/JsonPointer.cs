namespace Faaswise.Kubernetes.Admission;

/// <summary>RFC 6901 paths: a key's <c>~</c> becomes <c>~0</c> and its <c>/</c> becomes <c>~1</c>.</summary>
public static class JsonPointer
{
    /// <summary>One escaped reference token.</summary>
    public static string Escape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>A path from unescaped tokens.</summary>
    public static string Of(params string[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return string.Concat(tokens.Select(t => "/" + Escape(t)));
    }
}
