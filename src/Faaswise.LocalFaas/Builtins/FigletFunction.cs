using System.Text;

namespace Faaswise.LocalFaas.Builtins;

/// <summary><c>figlet</c>: an ASCII-art banner of the body in FIGlet's Standard font.</summary>
internal sealed class FigletFunction : IBuiltinFunction
{
    public const int MaxInputBytes = 4096;

    private readonly FigletRenderer _renderer = new(FigletFont.Standard);

    public string Name => "figlet";

    public string Description => "ASCII-art banner of the body (FIGlet Standard font)";

    public string Profile => "light";

    public string ExampleBody => "faaswise";

    public Task<FunctionResponse> InvokeAsync(FunctionRequest request, CancellationToken cancellation) =>
        Task.FromResult(request.Body.Length > MaxInputBytes
            ? FunctionResponse.Error(413, $"figlet: at most {MaxInputBytes} bytes of text")
            : FunctionResponse.Ok(_renderer.Render(Encoding.UTF8.GetString(request.Body.Span))));
}
