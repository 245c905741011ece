namespace Faaswise.LocalFaas.Builtins;

/// <summary>The request as environment variables, named as OpenFaaS's classic watchdog names them.</summary>
public static class WatchdogEnvironment
{
    /// <summary><c>Http_Method</c>, <c>Http_Path</c>, <c>Http_Query</c> (when present) and <c>Http_&lt;Header&gt;</c> with '-' as '_'.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ForRequest(FunctionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        yield return new("Http_Method", request.Method);
        yield return new("Http_Path", request.Path);
        if (request.Query.Length > 0) yield return new("Http_Query", request.Query);
        foreach (var (name, value) in request.Headers)
        {
            yield return new("Http_" + name.Replace('-', '_'), value);
        }
    }
}
