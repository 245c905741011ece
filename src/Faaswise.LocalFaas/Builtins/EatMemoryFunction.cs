namespace Faaswise.LocalFaas.Builtins;

/// <summary>
/// <c>eat-memory</c>: DFaaS's own function. Holds a freshly written 1 MiB buffer for 1 s, then echoes the request,
/// so its memory grows with the number of requests in flight.
/// </summary>
internal sealed class EatMemoryFunction : IBuiltinFunction
{
    public const int Bytes = 1 << 20;
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(1);

    public string Name => "eat-memory";

    public string Description => "Allocates and writes 1 MiB, holds it 1 s, echoes the body";

    public string Profile => "memory";

    public string ExampleBody => "hello";

    public async Task<FunctionResponse> InvokeAsync(FunctionRequest request, CancellationToken cancellation)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(Bytes);
        buffer.AsSpan().Fill((byte)'a');
        await Task.Delay(Hold, cancellation).ConfigureAwait(false);
        GC.KeepAlive(buffer);
        return new FunctionResponse(200, request.Body);
    }
}
