using System.Text;

namespace Faaswise.LocalFaas.Builtins;

/// <summary>A built-in function's answer.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Body">Response body bytes.</param>
/// <param name="ContentType">Content-Type header.</param>
public sealed record FunctionResponse(int StatusCode, ReadOnlyMemory<byte> Body, string ContentType = FunctionResponse.Text)
{
    /// <summary>Plain UTF-8 text.</summary>
    public const string Text = "text/plain; charset=utf-8";

    /// <summary>200 with UTF-8 text.</summary>
    public static FunctionResponse Ok(string text) => new(200, Encoding.UTF8.GetBytes(text));

    /// <summary>An error status with a one-line UTF-8 reason.</summary>
    public static FunctionResponse Error(int status, string reason) => new(status, Encoding.UTF8.GetBytes(reason + "\n"));
}
