namespace Faaswise.LocalFaas.Builtins;

/// <summary>One invocation as a built-in function sees it: the HTTP request after the gateway stripped <c>/function/{name}</c>.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path after the function name, starting with '/'.</param>
/// <param name="Query">Query string without '?', or empty.</param>
/// <param name="Headers">Request headers (first value of each).</param>
/// <param name="Body">Request body bytes.</param>
public sealed record FunctionRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body)
{
    /// <summary>A POST to '/' with this body and no headers (stdio invocations, tests).</summary>
    public static FunctionRequest FromBody(ReadOnlyMemory<byte> body) => new("POST", "/", "", new Dictionary<string, string>(), body);
}
