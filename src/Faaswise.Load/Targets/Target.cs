namespace Faaswise.Load.Targets;

/// <summary>One HTTP request to send repeatedly (vegeta's target), optionally with its own rate.</summary>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Url">Absolute http or https URL.</param>
/// <param name="Body">Request body; empty for none.</param>
/// <param name="Headers">Request headers in order; a name may repeat.</param>
/// <param name="Rate">Requests per second for this target; null to use the attack's rate.</param>
public sealed record Target(
    string Method,
    Uri Url,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    double? Rate = null)
{
    /// <summary>A GET of <paramref name="url"/> with no body and no headers.</summary>
    public static Target Get(Uri url) => new("GET", url, ReadOnlyMemory<byte>.Empty, []);

    /// <summary>Checks that a URL is absolute http(s) with a host; throws <see cref="FormatException"/> otherwise.</summary>
    public static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{text}' is not an http:// or https:// URL");
        }

        return uri;
    }

    /// <summary>"GET http://host/path".</summary>
    public override string ToString() => $"{Method} {Url}";
}
