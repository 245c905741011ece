using System.Net;

namespace Faaswise.OpenFaas.Client;

/// <summary>The gateway answered a call with an error status.</summary>
public sealed class OpenFaasException(string operation, HttpStatusCode status, string body)
    : Exception($"{operation}: gateway answered {(int)status} {status}{(body.Length > 0 ? ": " + Shorten(body) : "")}")
{
    /// <summary>The status the gateway answered with.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The response body (the gateway's reason).</summary>
    public string Body { get; } = body;

    private static string Shorten(string s)
    {
        var line = s.Trim().ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "…";
    }
}
