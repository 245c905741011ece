using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>Forwards <c>/function/{name}/rest?q</c> to <c>{replica}/rest?q</c>, as the OpenFaaS gateway does.</summary>
internal sealed class FunctionPathTransformer : HttpTransformer
{
    public static readonly FunctionPathTransformer Instance = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, RestOf(httpContext.Request.Path), httpContext.Request.QueryString);
    }

    /// <summary>The path after <c>/function/{name}</c>; empty when there is none.</summary>
    public static PathString RestOf(PathString path)
    {
        var value = path.Value ?? "";
        const string prefix = "/function/";
        if (!value.StartsWith(prefix, StringComparison.Ordinal)) return PathString.Empty;
        var slash = value.IndexOf('/', prefix.Length);
        return slash < 0 ? PathString.Empty : new PathString(value[slash..]);
    }
}
