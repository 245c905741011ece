using System.Collections;
using System.Text;

namespace Faaswise.LocalFaas.Builtins;

/// <summary>
/// <c>env</c>: the process environment, sorted, plus the request as OpenFaaS's classic watchdog exposes it
/// (<c>Http_Method</c>, <c>Http_Path</c>, <c>Http_Query</c>, one <c>Http_&lt;Header&gt;</c> per header).
/// </summary>
internal sealed class EnvFunction : IBuiltinFunction
{
    public string Name => "env";

    public string Description => "Prints the process environment and the request as Http_* variables";

    public string Profile => "light";

    public string ExampleBody => "";

    public Task<FunctionResponse> InvokeAsync(FunctionRequest request, CancellationToken cancellation)
    {
        var lines = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) lines[(string)e.Key] = e.Value as string ?? "";
        foreach (var (name, value) in WatchdogEnvironment.ForRequest(request)) lines[name] = value;
        var text = new StringBuilder();
        foreach (var (name, value) in lines) text.Append(name).Append('=').Append(value).Append('\n');
        return Task.FromResult(FunctionResponse.Ok(text.ToString()));
    }
}
