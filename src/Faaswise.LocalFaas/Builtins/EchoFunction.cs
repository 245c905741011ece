namespace Faaswise.LocalFaas.Builtins;

/// <summary><c>echo</c>: returns the body with its content type; the gateway's overhead alone.</summary>
internal sealed class EchoFunction : IBuiltinFunction
{
    public string Name => "echo";

    public string Description => "Returns the request body unchanged";

    public string Profile => "light";

    public string ExampleBody => "hello";

    public Task<FunctionResponse> InvokeAsync(FunctionRequest request, CancellationToken cancellation)
    {
        var type = request.Headers.TryGetValue("Content-Type", out var t) ? t : "application/octet-stream";
        return Task.FromResult(new FunctionResponse(200, request.Body, type));
    }
}
