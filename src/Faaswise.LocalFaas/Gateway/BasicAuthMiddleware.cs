using System.Net.Http.Headers;
using Faaswise.OpenFaas.Client;
using Microsoft.AspNetCore.Http;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>Basic auth on <c>/system/*</c>, as the OpenFaaS gateway has it; functions, health and metrics stay open.</summary>
internal sealed class BasicAuthMiddleware(RequestDelegate next, GatewayCredentials credentials)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/system", StringComparison.Ordinal)) return next(context);
        if (context.Request.Headers.Authorization is { Count: > 0 } values
            && AuthenticationHeaderValue.TryParse(values[0], out var header) && credentials.Matches(header))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Restricted\"";
        return context.Response.WriteAsync("Unauthorized\n");
    }
}
