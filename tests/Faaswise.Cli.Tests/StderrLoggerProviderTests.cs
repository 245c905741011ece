#pragma warning disable CA1848 // plain log calls are the point: they stand for other libraries' messages
using Microsoft.Extensions.Logging;

namespace Faaswise.Cli.Tests;

public class StderrLoggerProviderTests
{
    [Fact]
    public void Factory_FrameworkChatter_IsQuiet_OursIsPrefixed()
    {
        var error = new StringWriter();
        using var factory = StderrLoggerProvider.Factory(error, "gateway", LogLevel.Debug);
        factory.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder").LogInformation("Received HTTP/1.1 response 200.");
        factory.CreateLogger("Microsoft.Hosting.Lifetime").LogInformation("Application started.");
        factory.CreateLogger("Faaswise.LocalFaas.Gateway").LogInformation("replica echo-1 ready");
        factory.CreateLogger("Faaswise.LocalFaas.Gateway").LogWarning("replica echo-1 exited");
        Assert.Equal("gateway: replica echo-1 ready\ngateway: warning: replica echo-1 exited\n", error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
