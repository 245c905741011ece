using System.Security.Cryptography;

namespace Faaswise.LocalFaas.Builtins;

/// <summary><c>shasum</c>: SHA-512 of the body, printed as <c>sha512sum</c> prints stdin's (the OpenFaaS store function's output).</summary>
internal sealed class ShasumFunction : IBuiltinFunction
{
    public string Name => "shasum";

    public string Description => "SHA-512 of the body, as sha512sum prints it";

    public string Profile => "light";

    public string ExampleBody => "hello";

    public Task<FunctionResponse> InvokeAsync(FunctionRequest request, CancellationToken cancellation) =>
        Task.FromResult(FunctionResponse.Ok(Convert.ToHexStringLower(SHA512.HashData(request.Body.Span)) + "  -\n"));
}
