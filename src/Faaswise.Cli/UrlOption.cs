namespace Faaswise.Cli;

/// <summary>The http(s) URL options (<c>--gateway</c>, <c>--prometheus</c>): absolute, http or https, with a trailing slash so relative paths resolve under it.</summary>
internal static class UrlOption
{
    /// <summary>Parses the value of <paramref name="option"/> (null stays null); a <see cref="UsageException"/> names the option otherwise.</summary>
    public static Uri? Parse(string option, string? text) =>
        text is null ? null
        : Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new UsageException($"{option} '{text}' is not an http(s) URL");
}
