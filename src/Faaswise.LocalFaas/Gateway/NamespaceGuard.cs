using Microsoft.AspNetCore.Http;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>
/// <c>?namespace=</c> on <c>/system/*</c>: this gateway's namespace (or none) passes; another is refused with 400 and
/// the reason, as a gateway that serves one namespace (OpenFaaS CE) should, rather than answering for the wrong one.
/// </summary>
internal sealed class NamespaceGuard(RequestDelegate next, GatewayOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/system", StringComparison.Ordinal)) return next(context);
        var requested = context.Request.Query["namespace"].FirstOrDefault();
        if (options.Serves(requested)) return next(context);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsync(options.OtherNamespace(requested!) + "\n");
    }
}
