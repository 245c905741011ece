namespace Faaswise.OpenFaas.Client;

/// <summary>What a function answered.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Body">Response body.</param>
/// <param name="Duration">From sending to the end of the body.</param>
public sealed record InvocationResult(int StatusCode, byte[] Body, TimeSpan Duration)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
