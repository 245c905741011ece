using System.Net;
using System.Net.Sockets;
using Faaswise.OpenFaas.Client;

namespace Faaswise.OpenFaas.Tests.Client;

public sealed class RetryTests
{
    /// <summary>Fails the first <paramref name="failures"/> sends as a refused connection, then answers 200 "[]".</summary>
    private sealed class RefusingHandler(int failures) : HttpMessageHandler
    {
        public int Attempts { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Attempts++;
            if (Attempts <= failures)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:8080)", new SocketException((int)SocketError.ConnectionRefused));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]") });
        }
    }

    private static OpenFaasClientOptions Options(int attempts) =>
        new() { Gateway = new Uri("http://127.0.0.1:8080"), ConnectAttempts = attempts, RetryBackoff = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task ConnectionRefused_RetriedUntilTheGatewayAnswers()
    {
        var handler = new RefusingHandler(failures: 2);
        using var client = new OpenFaasClient(Options(attempts: 4), handler);

        Assert.Empty(await client.ListFunctionsAsync());
        Assert.Equal(3, handler.Attempts);
    }

    [Fact]
    public async Task ConnectionRefused_GivesUpAfterTheAttemptsNamingTheGateway()
    {
        var handler = new RefusingHandler(failures: 10);
        using var client = new OpenFaasClient(Options(attempts: 3), handler);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.DeployAsync(new() { Service = "f", Image = "i" }));

        Assert.Equal(3, handler.Attempts);
        Assert.StartsWith("deploy f: cannot reach the gateway at http://127.0.0.1:8080/", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealClosedPort_IsAConnectFailureToo()
    {
        using var client = new OpenFaasClient(Options(attempts: 2) with { Gateway = new Uri($"http://127.0.0.1:{Faaswise.Testing.ClosedPort.Find()}") });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ListFunctionsAsync());
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        Assert.Throws<ArgumentException>(() => new OpenFaasClient(new OpenFaasClientOptions { Gateway = new Uri("ftp://gw/") }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenFaasClient(Options(attempts: 0)));
    }
}
